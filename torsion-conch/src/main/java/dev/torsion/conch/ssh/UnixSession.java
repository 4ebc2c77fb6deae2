package dev.torsion.conch.ssh;

import dev.torsion.internet.Reactor;
import java.nio.file.Path;

/**
 * A session that is either a program ({@link ProcessSession}) or, after a "subsystem sftp"
 * request, an SFTP server confined to a root directory; whichever starts gets the channel's
 * data from then on.
 */
final class UnixSession implements SSHSession {
  private final ProcessSession process;
  private final Reactor reactor;
  private final Path sftpRoot;
  private SSHSession subsystem;

  UnixSession(ProcessSession process, Reactor reactor, Path sftpRoot) {
    this.process = process;
    this.reactor = reactor;
    this.sftpRoot = sftpRoot;
  }

  private SSHSession active() {
    return subsystem != null ? subsystem : process;
  }

  @Override
  public boolean ptyRequested(PtyRequest pty) {
    return process.ptyRequested(pty);
  }

  @Override
  public boolean envRequested(String name, String value) {
    return process.envRequested(name, value);
  }

  @Override
  public boolean execCommand(SessionChannel channel, String command) {
    return process.execCommand(channel, command);
  }

  @Override
  public boolean openShell(SessionChannel channel) {
    return process.openShell(channel);
  }

  @Override
  public boolean subsystemRequested(SessionChannel channel, String name) {
    if (!name.equals("sftp") || sftpRoot == null) {
      return false;
    }
    subsystem = dev.torsion.conch.sftp.SFTPSubsystem.open(reactor, sftpRoot, channel);
    return subsystem != null;
  }

  @Override
  public void windowChanged(int columns, int rows) {
    active().windowChanged(columns, rows);
  }

  @Override
  public boolean signalReceived(String signal) {
    return active().signalReceived(signal);
  }

  @Override
  public void dataReceived(byte[] data) {
    active().dataReceived(data);
  }

  @Override
  public void eofReceived() {
    active().eofReceived();
  }

  @Override
  public void closed() {
    active().closed();
  }
}
