package dev.torsion.names.client;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** IP address literals, parsed without ever asking the JDK to look a name up. */
final class Literals {
  private Literals() {}

  /** The address {@code text} spells, or null when it is not an IPv4 or IPv6 literal. */
  static InetAddress parse(String text) {
    String t = text;
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
    }
    if (t.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      byte[] b = new byte[4];
      String[] parts = t.split("\\.");
      for (int i = 0; i < 4; i++) {
        int v = Integer.parseInt(parts[i]);
        if (v > 255) {
          return null;
        }
        b[i] = (byte) v;
      }
      try {
        return InetAddress.getByAddress(b);
      } catch (UnknownHostException e) {
        return null;
      }
    }
    if (t.indexOf(':') >= 0 && t.matches("[0-9A-Fa-f:.%a-zA-Z0-9]+")) {
      try {
        // With a colon the JDK parses a literal and never resolves.
        return InetAddress.getByName(t);
      } catch (UnknownHostException e) {
        return null;
      }
    }
    return null;
  }
}
