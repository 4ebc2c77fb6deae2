package dev.torsion.conch.ssh.internal;

import dev.torsion.conch.ssh.PtyRequest;
import dev.torsion.conch.ssh.SSHSession;
import dev.torsion.conch.ssh.SessionChannel;

/**
 * A "session" channel (RFC 4254 6): decodes the session requests for the application's {@link
 * SSHSession}, and gives it a {@link SessionChannel} to answer through. At most one of exec,
 * shell or subsystem per channel (RFC 4254 6.5); at most {@link #MAX_ENV} env requests.
 */
final class SessionChannelImpl extends Channel implements SessionChannel {
  static final int MAX_ENV = 64;

  private final SSHSession session;
  private PtyRequest pty;
  private boolean started;
  private int envCount;
  private boolean exited;

  SessionChannelImpl(Connection connection, int id, SSHSession session) {
    super(connection, id);
    this.session = session;
  }

  @Override
  boolean request(String type, SSHReader r) {
    switch (type) {
      case "pty-req" -> {
        if (started || pty != null) {
          return false;
        }
        // string TERM, uint32 cols, uint32 rows, uint32 width px, uint32 height px, string modes
        PtyRequest p = new PtyRequest(r.readUtf8(), r.readInt(), r.readInt(), r.readInt(),
            r.readInt(), r.readString());
        if (session.ptyRequested(p)) {
          pty = p;
          return true;
        }
        return false;
      }
      case "env" -> {
        String name = r.readUtf8();
        String value = r.readUtf8();
        return !started && ++envCount <= MAX_ENV && session.envRequested(name, value);
      }
      case "exec" -> {
        String command = r.readUtf8();
        return start() && session.execCommand(this, command);
      }
      case "shell" -> {
        return start() && session.openShell(this);
      }
      case "subsystem" -> {
        String name = r.readUtf8();
        return start() && session.subsystemRequested(this, name);
      }
      case "window-change" -> {
        int cols = r.readInt();
        int rows = r.readInt();
        session.windowChanged(cols, rows);
        return true;
      }
      case "signal" -> {
        return session.signalReceived(r.readUtf8());
      }
      default -> {
        return false;
      }
    }
  }

  private boolean start() {
    if (started) {
      return false;
    }
    started = true;
    return true;
  }

  @Override
  void dataReceived(int type, byte[] data) {
    if (type == 0) {
      session.dataReceived(data);
    }
    // The session has taken the bytes (they are written on to the program): grant them back.
    consumed(data.length);
  }

  @Override
  void windowOpened() {
    session.channelWritable();
  }

  @Override
  void eofReceived() {
    session.eofReceived();
  }

  @Override
  void closed() {
    session.closed();
  }

  @Override
  public void write(byte[] data) {
    write(0, data);
  }

  @Override
  public void writeExtended(byte[] data) {
    write(1, data);
  }

  @Override
  public PtyRequest pty() {
    return pty;
  }

  @Override
  public void exit(int status) {
    if (exited) {
      return;
    }
    exited = true;
    sendRequestAfterData(new SSHWriter().writeByte(Messages.CHANNEL_REQUEST).writeUint32(remoteId)
        .writeString("exit-status").writeBoolean(false).writeUint32(status).toByteArray());
    finish();
  }

  @Override
  public void exitSignal(String signal, boolean coreDumped, String message) {
    if (exited) {
      return;
    }
    exited = true;
    sendRequestAfterData(new SSHWriter().writeByte(Messages.CHANNEL_REQUEST).writeUint32(remoteId)
        .writeString("exit-signal").writeBoolean(false).writeString(signal)
        .writeBoolean(coreDumped).writeString(message).writeString("").toByteArray());
    finish();
  }

  @Override
  public void close() {
    sendClose();
  }
}
