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

  /** Sets the TTL of outgoing multicast datagrams (IP_MULTICAST_TTL; 1, this network, by default). */
  void setTTL(int ttl);

  /** The TTL of outgoing multicast datagrams, as the socket has it. */
  int getTTL();

  /** Sets whether our own multicast datagrams are looped back to us (IP_MULTICAST_LOOP). */
  void setLoopbackMode(boolean loopback);

  /** Whether our own multicast datagrams are looped back to us, as the socket has it. */
  boolean getLoopbackMode();

  /** Allows writing to broadcast addresses (SO_BROADCAST): Twisted's {@code setBroadcastAllowed}. */
  default void setBroadcastAllowed(boolean enabled) {}
}
