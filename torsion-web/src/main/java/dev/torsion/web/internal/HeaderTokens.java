package dev.torsion.web.internal;

import dev.torsion.web.Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The elements of comma-separated header fields (RFC 9110 5.6.1), such as {@code Connection:
 * keep-alive, Upgrade}: what the Upgrade handshakes (h2c, WebSocket) look tokens up in.
 */
public final class HeaderTokens {
  private HeaderTokens() {}

  /** Every non-empty element of every {@code name} field, trimmed, in order. */
  public static List<String> elements(Headers headers, String name) {
    List<String> out = new ArrayList<>();
    for (String v : headers.getAll(name)) {
      for (String e : v.split(",", -1)) {
        String t = e.trim();
        if (!t.isEmpty()) {
          out.add(t);
        }
      }
    }
    return out;
  }

  /** True when some {@code name} field lists {@code token}, compared case-insensitively. */
  public static boolean has(Headers headers, String name, String token) {
    if (!headers.contains(name)) {
      return false; // the usual case, asked of every request: nothing to split or allocate
    }
    for (String e : elements(headers, name)) {
      if (e.toLowerCase(Locale.ROOT).equals(token.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }
}
