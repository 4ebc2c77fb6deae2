package dev.torsion.ftp.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A data-connection address as FTP writes it, parsed and formatted.
 *
 * <pre>
 *   PORT h1,h2,h3,h4,p1,p2            RFC 959 4.1.2: each 0-255, port = p1*256 + p2
 *   227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)
 *   EPRT |proto|address|port|         RFC 2428 2: '|' may be any of ASCII 33-126
 *   229 Entering Extended Passive Mode (|||port|)      RFC 2428 3
 * </pre>
 *
 * <p>Addresses are numeric literals only: nothing here ever resolves a name.
 */
public record HostPort(String host, int port) {
  /** Thrown for an EPRT network protocol other than 1 (IPv4) and 2 (IPv6): RFC 2428's 522. */
  public static final class UnsupportedProtocol extends RuntimeException {
    public UnsupportedProtocol(String message) {
      super(message);
    }
  }

  /** The address of a PORT argument; {@link MalformedCommand} when it is not six numbers 0-255. */
  public static HostPort parsePort(String argument) {
    String[] parts = argument.trim().split(",", -1);
    if (parts.length != 6) {
      throw new MalformedCommand("PORT wants h1,h2,h3,h4,p1,p2");
    }
    int[] n = new int[6];
    for (int i = 0; i < 6; i++) {
      n[i] = octet(parts[i].trim());
    }
    return new HostPort(n[0] + "." + n[1] + "." + n[2] + "." + n[3], n[4] * 256 + n[5]);
  }

  /** The address of an EPRT argument; {@link UnsupportedProtocol} for a protocol not 1 or 2. */
  public static HostPort parseEprt(String argument) {
    if (argument.length() < 7) {
      throw new MalformedCommand("EPRT wants |proto|address|port|");
    }
    char d = argument.charAt(0);
    if (d < 33 || d > 126 || argument.charAt(argument.length() - 1) != d) {
      throw new MalformedCommand("EPRT wants |proto|address|port|");
    }
    String[] parts = argument.substring(1, argument.length() - 1).split(java.util.regex.Pattern.quote(String.valueOf(d)), -1);
    if (parts.length != 3) {
      throw new MalformedCommand("EPRT wants |proto|address|port|");
    }
    String host = parts[1];
    switch (parts[0]) {
      case "1" -> {
        if (!host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
          throw new MalformedCommand("not an IPv4 address: " + host);
        }
        for (String o : host.split("\\.")) {
          octet(o);
        }
      }
      case "2" -> {
        if (host.isEmpty() || host.length() > 45 || !host.matches("[0-9A-Fa-f:.]+") || !host.contains(":")) {
          throw new MalformedCommand("not an IPv6 address: " + host);
        }
        try {
          host = InetAddress.getByName(host).getHostAddress(); // a literal: never a lookup
        } catch (UnknownHostException | IllegalArgumentException e) {
          throw new MalformedCommand("not an IPv6 address: " + host);
        }
      }
      default -> throw new UnsupportedProtocol("network protocol not supported, use (1,2)");
    }
    return new HostPort(host, number(parts[2], 65535));
  }

  /** The argument of a 227 reply: the first {@code (h1,h2,h3,h4,p1,p2)} in {@code text}. */
  public static HostPort parse227(String text) {
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("(\\d{1,3}),(\\d{1,3}),(\\d{1,3}),(\\d{1,3}),(\\d{1,3}),(\\d{1,3})").matcher(text);
    if (!m.find()) {
      throw new MalformedCommand("no h1,h2,h3,h4,p1,p2 in the 227 reply");
    }
    StringBuilder joined = new StringBuilder();
    for (int i = 1; i <= 6; i++) {
      joined.append(i > 1 ? "," : "").append(m.group(i));
    }
    return parsePort(joined.toString());
  }

  /** The port of a 229 reply, {@code (|||port|)}, any delimiter. */
  public static int parse229(String text) {
    int open = text.indexOf('(');
    int close = open < 0 ? -1 : text.indexOf(')', open);
    if (close < 0 || close - open < 6) {
      throw new MalformedCommand("no (|||port|) in the 229 reply");
    }
    String inner = text.substring(open + 1, close);
    char d = inner.charAt(0);
    if (inner.length() < 5 || inner.charAt(1) != d || inner.charAt(2) != d
        || inner.charAt(inner.length() - 1) != d) {
      throw new MalformedCommand("no (|||port|) in the 229 reply");
    }
    return number(inner.substring(3, inner.length() - 1), 65535);
  }

  /** This address as a PORT argument (IPv4 only). */
  public String toPortArgument() {
    return host.replace('.', ',') + "," + (port >> 8) + "," + (port & 0xFF);
  }

  /** This address as an EPRT argument. */
  public String toEprtArgument() {
    return "|" + (host.contains(":") ? 2 : 1) + "|" + host + "|" + port + "|";
  }

  private static int octet(String s) {
    return number(s, 255);
  }

  private static int number(String s, int max) {
    if (s.isEmpty() || s.length() > 5) {
      throw new MalformedCommand("not a number 0-" + max + ": '" + s + "'");
    }
    int v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new MalformedCommand("not a number 0-" + max + ": '" + s + "'");
      }
      v = v * 10 + (c - '0');
    }
    if (v > max) {
      throw new MalformedCommand("not a number 0-" + max + ": '" + s + "'");
    }
    return v;
  }
}
