package dev.torsion.internet.internal;

import dev.torsion.internet.Address;
import dev.torsion.internet.CannotListenError;
import dev.torsion.internet.DatagramProtocol;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Log;
import dev.torsion.internet.UDPPort;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A UDP port on an {@link EventLoop}: Twisted's {@code udp.Port} and {@code MulticastPort}.
 * Datagrams are read into the loop's shared buffer and handed up as fresh arrays; writes go
 * straight to the socket (a datagram the kernel cannot take now is dropped, as UDP may).
 */
public final class DatagramPort implements UDPPort, Selectable {
  /** Datagrams read per readiness event before other sockets get a turn. */
  private static final int MAX_READS = 32;

  private final EventLoop loop;
  private final DatagramChannel channel;
  private final DatagramProtocol protocol;
  private final int maxPacketSize;
  private final Address host;
  private final Map<String, MembershipKey> groups = new HashMap<>();
  private SelectionKey key;
  private SocketAddress connectedTo;
  private boolean closed;
  // One-entry caches: a UDP server mostly talks to the peer it last heard from, and converting
  // addresses (parsing the literal, formatting the host string) would cost on every datagram.
  private SocketAddress lastFrom;
  private Address lastFromAddress;
  private Address lastTo;
  private SocketAddress lastToTarget;

  private DatagramPort(
      EventLoop loop, DatagramChannel channel, DatagramProtocol protocol, int maxPacketSize, Address host) {
    this.loop = loop;
    this.channel = channel;
    this.protocol = protocol;
    this.maxPacketSize = Math.min(maxPacketSize, EventLoop.READ_BUFFER_SIZE);
    this.host = host;
  }

  public static DatagramPort listen(
      EventLoop loop, int port, DatagramProtocol protocol, String iface, int maxPacketSize,
      boolean multicast, boolean listenMultiple) {
    String where = Addresses.text(iface, port);
    DatagramChannel ch = null;
    try {
      InetAddress ip = Addresses.literal(iface);
      ch = DatagramChannel.open(ip instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
      if (multicast) {
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, listenMultiple);
      }
      ch.bind(new InetSocketAddress(ip, port));
      ch.configureBlocking(false);
      DatagramPort p = new DatagramPort(loop, ch, protocol, maxPacketSize, Addresses.of(ch.getLocalAddress(), "UDP"));
      p.key = loop.register(ch, SelectionKey.OP_READ, p);
      p.start();
      return p;
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        StreamConnection.closeQuietly(ch);
      }
      throw e instanceof CannotListenError ? (CannotListenError) e : SocketErrors.cannotListen(where, e);
    }
  }

  private void start() {
    try {
      protocol.makeConnection(this);
    } catch (Throwable t) {
      Log.err(t, "Unhandled error in " + protocol.getClass().getName() + ".startProtocol");
    }
  }

  @Override
  public void onReady(int readyOps) {
    if ((readyOps & SelectionKey.OP_READ) == 0) {
      return;
    }
    for (int i = 0; i < MAX_READS && !closed; i++) {
      ByteBuffer buf = loop.readBuffer();
      buf.limit(maxPacketSize); // a longer datagram is truncated, as recvfrom does
      SocketAddress from;
      try {
        if (connectedTo != null) {
          from = channel.read(buf) > 0 ? connectedTo : null; // a 0-byte datagram is dropped
        } else {
          from = channel.receive(buf);
        }
      } catch (PortUnreachableException e) {
        refused();
        continue;
      } catch (IOException e) {
        Log.err(e, "receive failed on " + describe());
        return;
      }
      if (from == null) {
        return;
      }
      byte[] data = new byte[buf.position()];
      buf.flip();
      buf.get(data);
      try {
        if (!from.equals(lastFrom)) {
          lastFrom = from;
          lastFromAddress = Addresses.of(from, "UDP");
        }
        protocol.datagramReceived(data, lastFromAddress);
      } catch (Throwable t) {
        if (t instanceof VirtualMachineError) {
          throw (VirtualMachineError) t;
        }
        Log.err(t, "Unhandled error in " + protocol.getClass().getName() + ".datagramReceived");
      }
    }
  }

  private void refused() {
    try {
      protocol.connectionRefused();
    } catch (Throwable t) {
      Log.err(t, "Unhandled error in " + protocol.getClass().getName() + ".connectionRefused");
    }
  }

  @Override
  public void write(byte[] data, Address addr) {
    if (closed) {
      return;
    }
    if (!addr.equals(lastTo)) {
      lastToTarget = Addresses.toSocketAddress(addr);
      lastTo = addr;
    }
    SocketAddress target = lastToTarget;
    if (connectedTo != null && !connectedTo.equals(target)) {
      throw new IllegalArgumentException("this port is connected to " + connectedTo + "; cannot send to " + addr);
    }
    try {
      if (connectedTo != null) {
        channel.write(ByteBuffer.wrap(data));
      } else {
        channel.send(ByteBuffer.wrap(data), target);
      }
    } catch (PortUnreachableException e) {
      refused();
    } catch (IOException e) {
      // UDP gives no guarantee of delivery; note why this one was dropped
      Log.err(e, "sending a datagram of " + data.length + " bytes to " + Addresses.text(addr) + " failed");
    }
  }

  @Override
  public void write(byte[] data) {
    if (connectedTo == null) {
      throw new IllegalStateException("write(data) needs a connected port; use write(data, addr)");
    }
    if (closed) {
      return;
    }
    try {
      channel.write(ByteBuffer.wrap(data));
    } catch (PortUnreachableException e) {
      refused();
    } catch (IOException e) {
      Log.err(e, "sending a datagram of " + data.length + " bytes failed");
    }
  }

  @Override
  public void connect(String host, int port) {
    if (connectedTo != null) {
      throw new IllegalStateException("already connected to " + connectedTo);
    }
    InetSocketAddress target = new InetSocketAddress(Addresses.literal(host), port);
    try {
      channel.connect(target);
    } catch (IOException e) {
      throw new IllegalStateException("cannot connect UDP port to " + Addresses.text(host, port) + ": " + e.getMessage(), e);
    }
    connectedTo = target;
  }

  @Override
  public Deferred<Void> joinGroup(String group, String iface) {
    try {
      NetworkInterface ni = multicastInterface(iface);
      MembershipKey k = channel.join(Addresses.literal(group), ni);
      groups.put(group + "%" + ni.getName(), k);
      if (channel.getOption(StandardSocketOptions.IP_MULTICAST_IF) == null) {
        channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, ni);
      }
      return Deferred.succeed(null);
    } catch (IOException | RuntimeException e) {
      return Deferred.fail(new IOException("cannot join " + group + " on " + describeIface(iface) + ": " + e.getMessage(), e));
    }
  }

  @Override
  public Deferred<Void> leaveGroup(String group, String iface) {
    try {
      NetworkInterface ni = multicastInterface(iface);
      MembershipKey k = groups.remove(group + "%" + ni.getName());
      if (k == null) {
        throw new IllegalStateException("not a member of " + group + " on " + ni.getName());
      }
      k.drop();
      return Deferred.succeed(null);
    } catch (IOException | RuntimeException e) {
      return Deferred.fail(e);
    }
  }

  /**
   * The interface {@code iface} names: an address of it, its name, or "" for the default: the
   * first interface that is up and does multicast, loopback included as the last resort.
   */
  static NetworkInterface multicastInterface(String iface) throws SocketException {
    if (iface != null && !iface.isEmpty()) {
      NetworkInterface byName = NetworkInterface.getByName(iface);
      if (byName != null) {
        return byName;
      }
      NetworkInterface byAddr = NetworkInterface.getByInetAddress(Addresses.literal(iface));
      if (byAddr == null) {
        throw new SocketException("no interface " + iface);
      }
      return byAddr;
    }
    List<NetworkInterface> all = new ArrayList<>(Collections.list(NetworkInterface.getNetworkInterfaces()));
    NetworkInterface loopback = null;
    for (NetworkInterface ni : all) {
      if (!ni.isUp() || !ni.supportsMulticast() || ni.isVirtual()) {
        continue;
      }
      if (ni.isLoopback()) {
        loopback = ni;
        continue;
      }
      if (ni.inetAddresses().anyMatch(a -> a instanceof java.net.Inet4Address)) {
        return ni;
      }
    }
    if (loopback != null) {
      return loopback;
    }
    throw new SocketException("no interface that is up and supports multicast");
  }

  private static String describeIface(String iface) {
    return iface == null || iface.isEmpty() ? "the default interface" : iface;
  }

  @Override
  public void setTTL(int ttl) {
    setOption(StandardSocketOptions.IP_MULTICAST_TTL, ttl);
  }

  @Override
  public void setLoopbackMode(boolean loopback) {
    setOption(StandardSocketOptions.IP_MULTICAST_LOOP, loopback);
  }

  @Override
  public int getTTL() {
    return getOption(StandardSocketOptions.IP_MULTICAST_TTL);
  }

  @Override
  public boolean getLoopbackMode() {
    return getOption(StandardSocketOptions.IP_MULTICAST_LOOP);
  }

  private <T> T getOption(java.net.SocketOption<T> option) {
    try {
      return channel.getOption(option);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + option.name() + " of " + describe() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void setBroadcastAllowed(boolean enabled) {
    setOption(StandardSocketOptions.SO_BROADCAST, enabled);
  }

  private <T> void setOption(java.net.SocketOption<T> option, T value) {
    try {
      channel.setOption(option, value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot set " + option.name() + " on " + describe() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Address getHost() {
    return host;
  }

  @Override
  public Deferred<Void> stopListening() {
    if (closed) {
      return Deferred.succeed(null);
    }
    close();
    return loop.afterNextSelect();
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (key != null) {
      key.cancel();
    }
    StreamConnection.closeQuietly(channel);
    try {
      protocol.stopProtocol();
    } catch (Throwable t) {
      Log.err(t, "Unhandled error in " + protocol.getClass().getName() + ".stopProtocol");
    }
  }

  @Override
  public void shutdown(Failure reason) {
    close();
  }

  @Override
  public boolean isPort() {
    return true;
  }

  @Override
  public String describe() {
    return "UDP Port " + Addresses.text(host) + " (" + protocol.getClass().getName() + ")";
  }

  @Override
  public String toString() {
    return "<" + describe() + ">";
  }
}
