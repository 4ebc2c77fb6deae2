package dev.torsion.conch.ssh.internal;

import dev.torsion.internet.Deferred;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A session channel we opened (RFC 4254 6): sends exec, shell, subsystem, pty-req and
 * window-change requests, hands the server's output to a {@link Listener}, and keeps the exit
 * status or signal the server reports.
 */
public final class ClientSessionChannel extends Channel {
  /** What the owner of a session hears; every call is on the reactor thread. */
  public interface Listener {
    /** Output: {@code type} 0 is stdout, 1 stderr. */
    void dataReceived(ClientSessionChannel channel, int type, byte[] data);

    /** The channel is closed; exit status (or null) and exit signal (or null) are known. */
    void closed(ClientSessionChannel channel);
  }

  private final Listener listener;
  private Deferred<ClientSessionChannel> opened;
  private final Deque<Deferred<Boolean>> replies = new ArrayDeque<>();
  private Integer exitStatus;
  private String exitSignal;
  /** Whether the listener takes responsibility for granting window back ({@link #consume}). */
  private boolean manualWindow;

  ClientSessionChannel(Connection connection, int id, Listener listener,
      Deferred<ClientSessionChannel> opened) {
    super(connection, id);
    this.listener = listener;
    this.opened = opened;
  }

  @Override
  void confirmed(int remote, long window, int maxPacket) {
    super.confirmed(remote, window, maxPacket);
    Deferred<ClientSessionChannel> d = opened;
    opened = null;
    d.callback(this);
  }

  @Override
  void openFailed(long reason, String text) {
    Deferred<ClientSessionChannel> d = opened;
    opened = null;
    d.errback(new SSHProtocolError(SSHProtocolError.BY_APPLICATION,
        "session refused: " + text + " (" + reason + ")"));
  }

  /** Sends a channel request that wants a reply; fires true for success. */
  public Deferred<Boolean> request(String type, byte[] fields) {
    Deferred<Boolean> d = new Deferred<>();
    if (closeSent || closeReceived) {
      d.callback(false);
      return d;
    }
    replies.add(d);
    connection.send(new SSHWriter().writeByte(Messages.CHANNEL_REQUEST).writeUint32(remoteId)
        .writeString(type).writeBoolean(true).writeRaw(fields).toByteArray());
    return d;
  }

  /** A request that wants no reply (window-change, signal). */
  public void notify(String type, byte[] fields) {
    if (!closeSent && !closeReceived) {
      connection.send(new SSHWriter().writeByte(Messages.CHANNEL_REQUEST).writeUint32(remoteId)
          .writeString(type).writeBoolean(false).writeRaw(fields).toByteArray());
    }
  }

  @Override
  void requestReplied(boolean success) {
    Deferred<Boolean> d = replies.poll();
    if (d == null) {
      throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "unrequested channel reply");
    }
    d.callback(success);
  }

  @Override
  boolean request(String type, SSHReader r) {
    switch (type) {
      case "exit-status" -> {
        exitStatus = r.readInt();
        return true;
      }
      case "exit-signal" -> {
        exitSignal = r.readUtf8();
        return true;
      }
      default -> {
        return false; // keepalive@openssh.com and the like
      }
    }
  }

  /** From now on the window grows only as {@link #consume} is called. */
  public void manualWindow() {
    manualWindow = true;
  }

  /** Grants {@code n} bytes of window back to the server. */
  public void consume(int n) {
    consumed(n);
  }

  @Override
  void dataReceived(int type, byte[] data) {
    listener.dataReceived(this, type, data);
    if (!manualWindow) {
      consumed(data.length);
    }
  }

  @Override
  void eofReceived() {}

  @Override
  void closed() {
    if (opened != null) {
      openFailed(0, "connection closed");
    }
    for (Deferred<Boolean> d; (d = replies.poll()) != null; ) {
      d.callback(false);
    }
    listener.closed(this);
  }

  /** Sends data (the command's stdin). */
  public void write(byte[] data) {
    write(0, data);
  }

  /** EOF on our side: the command's stdin is closed. */
  public void closeStdin() {
    finishWriting();
  }

  /** CHANNEL_CLOSE. */
  public void close() {
    sendClose();
  }

  public Integer exitStatus() {
    return exitStatus;
  }

  public String exitSignal() {
    return exitSignal;
  }
}
