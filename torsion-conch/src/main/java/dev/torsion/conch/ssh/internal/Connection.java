package dev.torsion.conch.ssh.internal;

import dev.torsion.internet.Reactor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ssh-connection service (RFC 4254) as both sides share it: the channel table, and the
 * messages that concern an open channel (window, data, EOF, close, requests and their replies).
 * {@link ConnectionServer} and {@link ConnectionClient} add what only their side receives:
 * which channels the peer may open and which global requests it may make.
 */
public abstract class Connection implements ServiceLayer {
  final Map<Integer, Channel> channels = new HashMap<>();
  private int nextId;

  abstract void send(byte[] payload);

  abstract Reactor reactor();

  /** CHANNEL_OPEN from the peer: answer it (confirmation or failure). */
  abstract void channelOpen(String kind, int sender, long window, int maxPacket, SSHReader r);

  /** GLOBAL_REQUEST from the peer; returns the reply, or null for failure. */
  abstract byte[] globalRequest(String name, SSHReader r);

  /** The most channels open at once. */
  abstract int maxChannels();

  @Override
  public boolean accepts(int type) {
    return type >= Messages.GLOBAL_REQUEST && type <= Messages.CHANNEL_FAILURE;
  }

  int allocateId() {
    return nextId++;
  }

  boolean canOpen() {
    return channels.size() < maxChannels();
  }

  /** Registers a channel; its id is in the table until both sides have closed it. */
  int register(Channel c) {
    channels.put(c.localId, c);
    return c.localId;
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

  /** Opens a channel of ours: CHANNEL_OPEN with {@code extra} as the type-specific data. */
  void open(Channel c, String kind, byte[] extra) {
    register(c);
    send(new SSHWriter().writeByte(Messages.CHANNEL_OPEN).writeString(kind)
        .writeUint32(c.localId).writeUint32(Channel.LOCAL_WINDOW)
        .writeUint32(Channel.LOCAL_MAX_PACKET).writeRaw(extra).toByteArray());
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
  public void handle(int type, SSHReader r) {
    switch (type) {
      case Messages.GLOBAL_REQUEST -> {
        String name = r.readUtf8();
        boolean wantReply = r.readBoolean();
        byte[] reply = globalRequest(name, r);
        if (wantReply) {
          send(reply != null ? reply : new byte[] {Messages.REQUEST_FAILURE});
        }
      }
      case Messages.REQUEST_SUCCESS, Messages.REQUEST_FAILURE -> { }
      case Messages.CHANNEL_OPEN -> {
        // RFC 4254 5.1: string type, uint32 sender channel, uint32 initial window,
        // uint32 maximum packet, type-specific data.
        String kind = r.readUtf8();
        int sender = r.readInt();
        long window = r.readUint32();
        int maxPacket = r.readInt();
        if (!canOpen()) {
          openFailure(sender, 4, "too many channels");
          return;
        }
        channelOpen(kind, sender, window, maxPacket, r);
      }
      case Messages.CHANNEL_OPEN_CONFIRMATION -> {
        Channel c = channel(r);
        if (c.remoteMaxPacket != 0) {
          throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "channel already open");
        }
        c.confirmed(r.readInt(), r.readUint32(), r.readInt());
      }
      case Messages.CHANNEL_OPEN_FAILURE -> {
        Channel c = channel(r);
        if (c.remoteMaxPacket != 0) {
          throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "channel already open");
        }
        long reason = r.readUint32();
        String text = r.readUtf8();
        channels.remove(c.localId);
        c.closeSent = true;
        c.openFailed(reason, text);
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
        boolean wasClosed = c.closeSent;
        c.hold();
        boolean ok = false;
        try {
          ok = !c.closeReceived && c.request(name, r);
        } finally {
          if (wantReply && !wasClosed) {
            // before anything the request made the channel send (RFC 4254 5.4)
            send(new SSHWriter().writeByte(ok ? Messages.CHANNEL_SUCCESS
                : Messages.CHANNEL_FAILURE).writeUint32(c.remoteId).toByteArray());
          }
          c.release();
        }
      }
      case Messages.CHANNEL_SUCCESS -> channel(r).requestReplied(true);
      case Messages.CHANNEL_FAILURE -> channel(r).requestReplied(false);
      default -> throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "message " + type);
    }
  }

  /** Every channel is closed: the connection went away. */
  void closeAll() {
    for (Channel c : List.copyOf(channels.values())) {
      channels.remove(c.localId);
      c.closed();
    }
  }
}
