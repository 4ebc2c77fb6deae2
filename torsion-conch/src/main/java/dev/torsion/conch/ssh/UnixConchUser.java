package dev.torsion.conch.ssh;

import dev.torsion.internet.Reactor;
import java.nio.file.Path;

/**
 * A logged-in user whose sessions run a real program as the server's own OS user: Twisted's
 * {@code UnixConchUser}, without the setuid. Exec and shell run {@code shell} (through {@link
 * ProcessSession}); the "sftp" subsystem is served from {@code sftpRoot} when one is given; port
 * forwarding is allowed to and on loopback addresses only when {@code forwarding} is on.
 *
 * <pre>{@code
 * Realm realm = Realm.of(ConchUser.class,
 *     id -> new UnixConchUser(reactor, "/bin/sh", Path.of("/srv/files"), false));
 * }</pre>
 */
public final class UnixConchUser implements ConchUser {
  private final Reactor reactor;
  private final String shell;
  private final Path sftpRoot;
  private final boolean forwarding;

  /**
   * @param sftpRoot the directory SFTP is confined to, or null for no SFTP
   * @param forwarding whether ssh -L may reach and ssh -R may listen on loopback addresses
   */
  public UnixConchUser(Reactor reactor, String shell, Path sftpRoot, boolean forwarding) {
    this.reactor = reactor;
    this.shell = shell;
    this.sftpRoot = sftpRoot;
    this.forwarding = forwarding;
  }

  @Override
  public SSHSession openSession() {
    return new UnixSession(new ProcessSession(reactor, shell), reactor, sftpRoot);
  }

  private static boolean loopback(String host) {
    return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1")
        || host.equals("") || host.startsWith("127.");
  }

  @Override
  public boolean allowDirectTcpip(String host, int port) {
    return forwarding && loopback(host);
  }

  @Override
  public boolean allowTcpipForward(String address, int port) {
    return forwarding && loopback(address) && (port == 0 || port >= 1024);
  }
}
