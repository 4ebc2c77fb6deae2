package dev.torsion.conch.ssh.internal;

import dev.torsion.conch.ssh.ConchUser;
import dev.torsion.internet.Address;
import dev.torsion.internet.Factory;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.Protocol;
import java.util.HashMap;
import java.util.Map;

/**
 * "tcpip-forward" (RFC 4254 7.1, ssh -R): we listen, and each accepted connection becomes a
 * "forwarded-tcpip" channel the client opens to its side. At most {@link #MAX} listeners.
 */
final class RemoteForwards {
  static final int MAX = 8;

  private final Connection connection;
  private final ConchUser avatar;
  private final Map<String, ListeningPort> ports = new HashMap<>();

  RemoteForwards(Connection connection, ConchUser avatar) {
    this.connection = connection;
    this.avatar = avatar;
  }

  private static String bindAddress(String address) {
    return switch (address) {
      case "", "localhost" -> "127.0.0.1";
      case "*", "0.0.0.0" -> "0.0.0.0";
      default -> address;
    };
  }

  /** string address, uint32 port; the reply (port when 0 was asked) or null to refuse. */
  byte[] forward(SSHReader r) {
    String address = r.readUtf8();
    int port = r.readInt();
    if (port < 0 || port > 65535 || ports.size() >= MAX || !avatar.allowTcpipForward(address, port)) {
      return null;
    }
    String bind = bindAddress(address);
    ListeningPort lp;
    try {
      lp = connection.reactor().listenTCP(port, new Factory(() -> null) {
        @Override
        public Protocol buildProtocol(Address peer) {
          return accepted(address, port, lp(address, port), peer);
        }
      }, 50, bind);
    } catch (RuntimeException e) {
      return null;
    }
    int actual = ((IPv4Address) lp.getHost()).port();
    ports.put(address + ":" + port, lp);
    if (port == 0) {
      ports.put(address + ":" + actual, lp);
      return new SSHWriter().writeByte(Messages.REQUEST_SUCCESS).writeUint32(actual).toByteArray();
    }
    return new byte[] {Messages.REQUEST_SUCCESS};
  }

  private int lp(String address, int port) {
    ListeningPort lp = ports.get(address + ":" + port);
    return lp == null ? port : ((IPv4Address) lp.getHost()).port();
  }

  private Protocol accepted(String address, int port, int actual, Address peer) {
    if (!connection.canOpen()) {
      return null;
    }
    ForwardChannel c = new ForwardChannel(connection, connection.allocateId());
    String origin = peer instanceof IPv4Address a ? a.host() : "127.0.0.1";
    int originPort = peer instanceof IPv4Address a ? a.port() : 0;
    // RFC 4254 7.2: after the common fields, string address connected, uint32 port connected,
    // string originator address, uint32 originator port
    connection.open(c, "forwarded-tcpip", new SSHWriter().writeString(address).writeUint32(actual)
        .writeString(origin).writeUint32(originPort).toByteArray());
    return c.acceptedSide();
  }

  byte[] cancel(SSHReader r) {
    String address = r.readUtf8();
    int port = r.readInt();
    ListeningPort lp = ports.remove(address + ":" + port);
    if (lp == null) {
      return null;
    }
    ports.values().removeIf(p -> p == lp);
    lp.stopListening();
    return new byte[] {Messages.REQUEST_SUCCESS};
  }

  void stopAll() {
    for (ListeningPort lp : java.util.Set.copyOf(ports.values())) {
      lp.stopListening();
    }
    ports.clear();
  }
}
