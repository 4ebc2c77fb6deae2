package dev.torsion.mail.smtp;

import dev.torsion.internet.Address;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.IPv6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address block in CIDR notation ({@code 192.0.2.0/24}, {@code ::1/128}) whose hosts may
 * relay: the server's {@code --relay-network}.
 *
 * <pre>{@code
 * Network lan = Network.parse("127.0.0.0/8");
 * lan.contains(transport.getPeer());
 * }</pre>
 */
public final class Network {
  private final byte[] base;
  private final int bits;
  private final String text;

  private Network(byte[] base, int bits, String text) {
    this.base = base;
    this.bits = bits;
    this.text = text;
  }

  /** Parses {@code ADDRESS/BITS} or a single address; IllegalArgumentException if malformed. */
  public static Network parse(String cidr) {
    int slash = cidr.indexOf('/');
    String host = slash < 0 ? cidr : cidr.substring(0, slash);
    if (!host.matches("[0-9a-fA-F:.]+")) {
      throw new IllegalArgumentException("not a network (ADDRESS/BITS): " + cidr);
    }
    byte[] addr;
    try {
      addr = InetAddress.getByName(host).getAddress(); // a literal: no lookup happens
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not a network (ADDRESS/BITS): " + cidr);
    }
    int bits = addr.length * 8;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(cidr.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a network (ADDRESS/BITS): " + cidr);
      }
      if (bits < 0 || bits > addr.length * 8) {
        throw new IllegalArgumentException("prefix length out of range: " + cidr);
      }
    }
    return new Network(addr, bits, cidr);
  }

  /** Whether the peer address is in this block (a UNIX socket never is). */
  public boolean contains(Address peer) {
    String host;
    if (peer instanceof IPv4Address a) {
      host = a.host();
    } else if (peer instanceof IPv6Address a) {
      host = a.host();
    } else {
      return false;
    }
    try {
      return contains(InetAddress.getByName(host));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != base.length) {
      return false;
    }
    int full = bits / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != base[i]) {
        return false;
      }
    }
    int rest = bits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (base[full] & mask);
  }

  /** Whether the peer is a loopback address (127.0.0.0/8 or ::1). */
  public static boolean isLoopback(Address peer) {
    String host;
    if (peer instanceof IPv4Address a) {
      host = a.host();
    } else if (peer instanceof IPv6Address a) {
      host = a.host();
    } else {
      return peer != null && peer.getClass().getSimpleName().startsWith("UNIX");
    }
    int zone = host.indexOf('%');
    if (zone >= 0) {
      host = host.substring(0, zone);
    }
    // Only literals: a name here must never cause a lookup.
    if (!host.matches("[0-9a-fA-F:.]+") || !(host.contains(".") || host.contains(":"))) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
