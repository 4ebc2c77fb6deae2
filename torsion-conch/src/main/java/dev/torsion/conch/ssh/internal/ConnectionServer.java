package dev.torsion.conch.ssh.internal;

import dev.torsion.conch.ssh.ConchUser;
import dev.torsion.conch.ssh.SSHServerFactory;
import dev.torsion.conch.ssh.SSHServerTransport;
import dev.torsion.conch.ssh.SSHSession;
import java.util.HashMap;
import java.util.Map;

/**
 * The ssh-connection service (RFC 4254), server side: channel open/close bookkeeping, window
 * messages and requests routed to each {@link Channel}, global requests.
 *
 * <pre>
 *   CHANNEL_OPEN "session"      -> SessionChannelImpl (exec, shell, pty-req, env, subsystem...)
 *   CHANNEL_OPEN "direct-tcpip" -> ForwardChannel, when the avatar allows the target
 *   GLOBAL_REQUEST tcpip-forward / cancel-tcpip-forward -> RemoteForwards
 * </pre>
 */
public final class ConnectionServer implements ServiceLayer {
  private final SSHServerTransport transport;
  private final SSHServerFactory factory;
  private final ConchUser avatar;
  private final Runnable logout;
  private final Map<Integer, Channel> channels = new HashMap<>();
  private int nextId;
  final RemoteForwards remoteForwards;

  public ConnectionServer(SSHServerTransport transport, SSHServerFactory factory,
      ConchUser avatar, Runnable logout) {
    this.transport = transport;
    this.factory = factory;
    this.avatar = avatar;
    this.logout = logout;
    this.remoteForwards = new RemoteForwards(this, avatar);
  }

  @Override
  public boolean accepts(int type) {
    return type >= 80 && type <= 100;
  }

  void send(byte[] payload) {
    transport.sendPacket(payload);
  }

  SSHServerTransport transport() {
    return transport;
  }

  void forget(Channel c) {
    if (channels.remove(c.localId) != null) {
      c.closed();
    }
  }

  private Channel channel(SSHReader r) {
    int id = r.readInt();
    Channel c = channels.get(id);
    if (c == null) {
      throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "no channel " + id);
    }
    return c;
  }

  @Override
  public void handle(int type, SSHReader r) {
    switch (type) {
      case Messages.GLOBAL_REQUEST -> globalRequest(r);
      case Messages.REQUEST_SUCCESS, Messages.REQUEST_FAILURE -> { }
      case Messages.CHANNEL_OPEN -> open(r);
      case Messages.CHANNEL_OPEN_CONFIRMATION -> {
        Channel c = channel(r);
        if (!(c instanceof ForwardChannel f)) {
          throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "unexpected confirmation");
        }
        f.confirmed(r.readInt(), r.readUint32(), r.readInt());
      }
      case Messages.CHANNEL_OPEN_FAILURE -> {
        Channel c = channel(r);
        channels.remove(c.localId);
        c.closeSent = true;
        c.closed();
      }
      case Messages.CHANNEL_WINDOW_ADJUST -> {
        Channel c = channel(r);
        c.windowAdjust(r.readUint32());
      }
      case Messages.CHANNEL_DATA -> {
        Channel c = channel(r);
        byte[] data = r.readString();
        if (!c.eofReceived && !c.closeReceived) {
          c.received(0, data);
        }
      }
      case Messages.CHANNEL_EXTENDED_DATA -> {
        Channel c = channel(r);
        int code = r.readInt();
        byte[] data = r.readString();
        if (!c.eofReceived && !c.closeReceived) {
          c.received(code, data);
        }
      }
      case Messages.CHANNEL_EOF -> {
        Channel c = channel(r);
        if (!c.eofReceived) {
          c.eofReceived = true;
          c.eofReceived();
        }
      }
      case Messages.CHANNEL_CLOSE -> {
        Channel c = channel(r);
        c.closeReceived = true;
        c.sendClose();
        forget(c);
      }
      case Messages.CHANNEL_REQUEST -> {
        Channel c = channel(r);
        String name = r.readUtf8();
        boolean wantReply = r.readBoolean();
        boolean ok = !c.closeReceived && c.request(name, r);
        if (wantReply && !c.closeSent) {
          send(new SSHWriter().writeByte(ok ? Messages.CHANNEL_SUCCESS : Messages.CHANNEL_FAILURE)
              .writeUint32(c.remoteId).toByteArray());
        }
      }
      case Messages.CHANNEL_SUCCESS, Messages.CHANNEL_FAILURE -> channel(r);
      default -> throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "message " + type);
    }
  }

  private void globalRequest(SSHReader r) {
    String name = r.readUtf8();
    boolean wantReply = r.readBoolean();
    byte[] reply = switch (name) {
      case "tcpip-forward" -> remoteForwards.forward(r);
      case "cancel-tcpip-forward" -> remoteForwards.cancel(r);
      default -> null; // keepalive@openssh.com and the rest: failure, as RFC 4254 4 says
    };
    if (wantReply) {
      send(reply != null ? reply : new byte[] {Messages.REQUEST_FAILURE});
    }
  }

  /*
   * RFC 4254 5.1: byte 90, string type, uint32 sender channel, uint32 initial window,
   * uint32 maximum packet, type-specific data.
   */
  private void open(SSHReader r) {
    String kind = r.readUtf8();
    int sender = r.readInt();
    long window = r.readUint32();
    int maxPacket = r.readInt();
    if (channels.size() >= factory.maxChannels()) {
      openFailure(sender, 4, "too many channels");
      return;
    }
    int id = nextId++;
    Channel c = null;
    if (kind.equals("session")) {
      SSHSession session = avatar.openSession();
      if (session != null) {
        c = new SessionChannelImpl(this, id, session);
      }
    } else if (kind.equals("direct-tcpip")) {
      String host = r.readUtf8();
      int port = r.readInt();
      r.readUtf8();
      r.readInt();
      if (port > 0 && port < 65536 && avatar.allowDirectTcpip(host, port)) {
        ForwardChannel f = new ForwardChannel(this, id);
        f.remoteId = sender;
        f.remoteWindow = window;
        f.remoteMaxPacket = Math.max(1, Math.min(maxPacket, 1 << 20));
        channels.put(id, f);
        f.connectTo(host, port);
        return;
      }
      openFailure(sender, 1, "forwarding to " + host + ":" + port + " refused");
      return;
    } else {
      openFailure(sender, 3, "unknown channel type " + kind);
      return;
    }
    if (c == null) {
      openFailure(sender, 1, "refused");
      return;
    }
    c.remoteId = sender;
    c.remoteWindow = window;
    c.remoteMaxPacket = Math.max(1, Math.min(maxPacket, 1 << 20));
    channels.put(id, c);
    send(new SSHWriter().writeByte(Messages.CHANNEL_OPEN_CONFIRMATION).writeUint32(sender)
        .writeUint32(id).writeUint32(Channel.LOCAL_WINDOW).writeUint32(Channel.LOCAL_MAX_PACKET)
        .toByteArray());
  }

  /** Registers a channel we open (forwarded-tcpip), returning its id. */
  int register(Channel c) {
    channels.put(c.localId, c);
    return c.localId;
  }

  int allocateId() {
    return nextId++;
  }

  boolean canOpen() {
    return channels.size() < factory.maxChannels();
  }

  void confirmOpen(Channel c) {
    send(new SSHWriter().writeByte(Messages.CHANNEL_OPEN_CONFIRMATION).writeUint32(c.remoteId)
        .writeUint32(c.localId).writeUint32(Channel.LOCAL_WINDOW)
        .writeUint32(Channel.LOCAL_MAX_PACKET).toByteArray());
  }

  void openFailure(int sender, int reason, String text) {
    send(new SSHWriter().writeByte(Messages.CHANNEL_OPEN_FAILURE).writeUint32(sender)
        .writeUint32(reason).writeString(text).writeString("").toByteArray());
  }

  void failOpen(Channel c, int reason, String text) {
    channels.remove(c.localId);
    openFailure(c.remoteId, reason, text);
  }

  @Override
  public void connectionLost() {
    for (Channel c : java.util.List.copyOf(channels.values())) {
      channels.remove(c.localId);
      c.closed();
    }
    remoteForwards.stopAll();
    logout.run();
  }
}
