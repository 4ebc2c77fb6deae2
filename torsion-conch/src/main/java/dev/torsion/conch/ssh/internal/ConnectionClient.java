package dev.torsion.conch.ssh.internal;

import dev.torsion.internet.Address;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The ssh-connection service, client side: opens session and direct-tcpip channels, asks for
 * remote forwards and accepts the forwarded-tcpip channels the server opens for them.
 */
public final class ConnectionClient extends Connection {
  static final int MAX_CHANNELS = 64;

  private final SSHClientTransport transport;
  /** Replies to our global requests arrive in order (RFC 4254 4). */
  private final Deque<Deferred<SSHReader>> globalReplies = new ArrayDeque<>();
  /** "address:port" the server listens on for us, to the local target host and port. */
  private final Map<String, String[]> remoteForwards = new HashMap<>();
  private boolean lost;

  ConnectionClient(SSHClientTransport transport) {
    this.transport = transport;
  }

  @Override
  void send(byte[] payload) {
    transport.sendPacket(payload);
  }

  @Override
  Reactor reactor() {
    return transport.reactor();
  }

  @Override
  int maxChannels() {
    return MAX_CHANNELS;
  }

  public SSHClientTransport transport() {
    return transport;
  }

  @Override
  public void handle(int type, SSHReader r) {
    if (type == Messages.REQUEST_SUCCESS || type == Messages.REQUEST_FAILURE) {
      Deferred<SSHReader> d = globalReplies.poll();
      if (d == null) {
        throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "unrequested reply");
      }
      if (type == Messages.REQUEST_SUCCESS) {
        d.callback(r);
      } else {
        d.errback(new SSHProtocolError(SSHProtocolError.BY_APPLICATION, "request refused"));
      }
      return;
    }
    super.handle(type, r);
  }

  @Override
  byte[] globalRequest(String name, SSHReader r) {
    return null; // keepalive@openssh.com and anything else: failure is the answer expected
  }

  @Override
  void channelOpen(String kind, int sender, long window, int maxPacket, SSHReader r) {
    if (!kind.equals("forwarded-tcpip")) {
      openFailure(sender, 1, "no " + kind + " channels here");
      return;
    }
    String address = r.readUtf8();
    long port = r.readUint32();
    String[] target = remoteForwards.get(address + ":" + port);
    if (target == null) {
      openFailure(sender, 1, "no forward for " + address + ":" + port);
      return;
    }
    ForwardChannel f = new ForwardChannel(this, allocateId());
    f.setRemote(sender, window, maxPacket);
    register(f);
    f.connectTo(target[0], Integer.parseInt(target[1]));
  }

  /** A new session channel; {@code channel} is told once the server confirms it. */
  public void openSession(ClientSessionChannel.Listener listener, Deferred<ClientSessionChannel> opened) {
    if (lost) {
      opened.errback(new SSHProtocolError(SSHProtocolError.CONNECTION_LOST, "connection closed"));
      return;
    }
    ClientSessionChannel c = new ClientSessionChannel(this, allocateId(), listener, opened);
    open(c, "session", new byte[0]);
  }

  /**
   * ssh -L: listens on {@code bindAddress:localPort}; each connection accepted there becomes a
   * direct-tcpip channel to {@code host:port} as the server sees it.
   */
  public ListeningPort forwardLocal(String bindAddress, int localPort, String host, int port) {
    ConnectionClient self = this;
    return reactor().listenTCP(localPort, new Factory(() -> null) {
      @Override
      public Protocol buildProtocol(Address peer) {
        if (lost || !canOpen()) {
          return null;
        }
        ForwardChannel c = new ForwardChannel(self, allocateId());
        String origin = peer instanceof IPv4Address a ? a.host() : "127.0.0.1";
        int originPort = peer instanceof IPv4Address a ? a.port() : 0;
        // RFC 4254 7.2: string host to connect, uint32 port, string originator, uint32 port
        open(c, "direct-tcpip", new SSHWriter().writeString(host).writeUint32(port)
            .writeString(origin).writeUint32(originPort).toByteArray());
        return c.acceptedSide();
      }
    }, 50, bindAddress);
  }

  /**
   * ssh -R: asks the server to listen on {@code address:port} (0: a port it picks) and to send
   * each connection back to {@code host:targetPort} here. Fires with the port it listens on.
   */
  public Deferred<Integer> forwardRemote(String address, int port, String host, int targetPort) {
    Deferred<SSHReader> reply = new Deferred<>();
    globalReplies.add(reply);
    send(new SSHWriter().writeByte(Messages.GLOBAL_REQUEST).writeString("tcpip-forward")
        .writeBoolean(true).writeString(address).writeUint32(port).toByteArray());
    return reply.addCallback(r -> {
      int actual = port == 0 ? r.readInt() : port;
      remoteForwards.put(address + ":" + actual, new String[] {host, String.valueOf(targetPort)});
      return actual;
    });
  }

  @Override
  public void connectionLost() {
    lost = true;
    closeAll();
    for (Deferred<SSHReader> d; (d = globalReplies.poll()) != null; ) {
      d.errback(new SSHProtocolError(SSHProtocolError.CONNECTION_LOST, "connection closed"));
    }
  }

  /** Ends the connection (SSH_MSG_DISCONNECT, reason "by application"). */
  public void close() {
    transport.disconnect(SSHProtocolError.BY_APPLICATION, "bye", null);
  }
}
