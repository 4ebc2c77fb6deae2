package dev.torsion.internet;

/**
 * A listening UDP port, as its protocol sees it: Twisted's {@code IUDPTransport} and {@code
 * IMulticastTransport}.
 *
 * <pre>{@code
 * port.joinGroup("239.1.2.3", "").addCallback(ok -> ...);
 * port.write("hello".getBytes(), new IPv4Address("UDP", "239.1.2.3", 9999));
 * }</pre>
 */
public interface UDPPort extends ListeningPort {
  /** Sends one datagram to {@code addr}; oversize or unroutable datagrams are dropped, as UDP does. */
  void write(byte[] data, Address addr);

  /** On a connected port, sends one datagram to the connected peer. */
  void write(byte[] data);

  /** Connects the port: only datagrams from {@code host:port} are received, writes go there. */
  void connect(String host, int port);

  /** Joins a multicast group on {@code iface} ("" for the default interface). */
  Deferred<Void> joinGroup(String group, String iface);

  /** Leaves a multicast group. */
  Deferred<Void> leaveGroup(String group, String iface);

  /** Sets the TTL of outgoing multicast datagrams. */
  void setTTL(int ttl);

  /** Sets whether our own multicast datagrams are looped back to us. */
  void setLoopbackMode(boolean loopback);

  /** Lets several processes bind the same address (SO_REUSEADDR), before binding only. */
  default void setBroadcastAllowed(boolean enabled) {}
}
