package dev.torsion.internet.internal;

import dev.torsion.internet.Address;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.IPv6Address;
import dev.torsion.internet.UNIXAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/** Conversions between the JDK's socket addresses and Torsion's {@link Address} records. */
final class Addresses {
  private Addresses() {}

  /** {@code type} is "TCP" or "UDP"; ignored for Unix sockets. */
  static Address of(SocketAddress a, String type) {
    if (a instanceof InetSocketAddress) {
      InetSocketAddress inet = (InetSocketAddress) a;
      InetAddress ip = inet.getAddress();
      if (ip == null) {
        return new IPv4Address(type, inet.getHostString(), inet.getPort());
      }
      if (ip instanceof Inet4Address) {
        return new IPv4Address(type, ip.getHostAddress(), inet.getPort());
      }
      return new IPv6Address(type, ip.getHostAddress(), inet.getPort());
    }
    if (a instanceof UnixDomainSocketAddress) {
      String path = ((UnixDomainSocketAddress) a).getPath().toString();
      return new UNIXAddress(path.isEmpty() ? null : path);
    }
    return null;
  }

  /** The JDK address for {@code a}, which must name an IP literal or a Unix path. */
  static SocketAddress toSocketAddress(Address a) {
    if (a instanceof IPv4Address) {
      IPv4Address v4 = (IPv4Address) a;
      return new InetSocketAddress(literal(v4.host()), v4.port());
    }
    if (a instanceof IPv6Address) {
      IPv6Address v6 = (IPv6Address) a;
      return new InetSocketAddress(literal(v6.host()), v6.port());
    }
    if (a instanceof UNIXAddress) {
      return UnixDomainSocketAddress.of(((UNIXAddress) a).name());
    }
    throw new IllegalArgumentException("unsupported address: " + a);
  }

  /** Parses an IP literal ("" is the wildcard); names are refused rather than looked up. */
  static InetAddress literal(String host) {
    if (host == null || host.isEmpty()) {
      return null;
    }
    if (host.equals("localhost")) {
      return InetAddress.getLoopbackAddress();
    }
    InetAddress ip = JdkResolver.parseLiteral(host);
    if (ip == null) {
      throw new IllegalArgumentException(host + ": an IP address is needed here, not a host name");
    }
    return ip;
  }

  /** "host:port" as a person would write it, with IPv6 in brackets. */
  static String text(String host, int port) {
    if (host == null || host.isEmpty()) {
      host = "0.0.0.0";
    }
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  static String text(Address a) {
    if (a instanceof IPv4Address) {
      return text(((IPv4Address) a).host(), ((IPv4Address) a).port());
    }
    if (a instanceof IPv6Address) {
      return text(((IPv6Address) a).host(), ((IPv6Address) a).port());
    }
    if (a instanceof UNIXAddress) {
      return String.valueOf(((UNIXAddress) a).name());
    }
    return String.valueOf(a);
  }
}
