package dev.torsion.web.internal;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of URI parts (RFC 3986 2.1), for building request-targets from decoded parts. */
public final class Percent {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Percent() {}

  /**
   * Encodes a decoded path segment: everything but RFC 3986 pchar (unreserved, sub-delims, ':'
   * and '@') is escaped, '/' and '%' included, so the segment stays one segment.
   */
  public static String encodeSegment(String segment) {
    return encode(segment, false);
  }

  /**
   * Makes a raw query safe to send: existing %XX escapes stay, and any character RFC 3986 3.4
   * does not allow in a query is escaped.
   */
  public static String sanitizeQuery(String query) {
    return encode(query, true);
  }

  private static String encode(String s, boolean query) {
    StringBuilder b = null;
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int c = bytes[i] & 0xff;
      boolean keep = isPchar(c) || (query && (c == '/' || c == '?' || c == '%'));
      if (keep) {
        if (b != null) {
          b.append((char) c);
        }
      } else {
        if (b == null) {
          b = new StringBuilder(bytes.length + 16);
          for (int j = 0; j < i; j++) {
            b.append((char) (bytes[j] & 0xff));
          }
        }
        b.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
      }
    }
    return b == null ? s : b.toString();
  }

  private static boolean isPchar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "-._~!$&'()*+,;=:@".indexOf(c) >= 0;
  }
}
