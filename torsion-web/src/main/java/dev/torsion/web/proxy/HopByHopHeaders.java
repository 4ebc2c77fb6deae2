package dev.torsion.web.proxy;

import dev.torsion.web.Headers;
import java.util.Locale;
import java.util.Set;

/**
 * The header fields that describe one connection rather than the message, which a proxy removes
 * before forwarding (RFC 9110 7.6.1): Connection, the fields it names, and the classic list
 * (Keep-Alive, Proxy-Connection, TE, Trailer, Transfer-Encoding, Upgrade, Proxy-Authenticate,
 * Proxy-Authorization).
 *
 * <pre>{@code
 * Headers forwarded = request.getRequestHeaders().copy();
 * HopByHopHeaders.strip(forwarded);
 * }</pre>
 */
public final class HopByHopHeaders {
  private static final Set<String> FIELDS = Set.of("connection", "keep-alive", "proxy-connection",
      "te", "trailer", "transfer-encoding", "upgrade", "proxy-authenticate", "proxy-authorization");

  private HopByHopHeaders() {}

  /** True when {@code name} is hop-by-hop whatever the Connection header says. */
  public static boolean isHopByHop(String name) {
    return FIELDS.contains(name.toLowerCase(Locale.ROOT));
  }

  /** Removes the hop-by-hop fields from {@code headers}, including those named in Connection. */
  public static void strip(Headers headers) {
    for (String connection : headers.getAll("Connection")) {
      for (String token : connection.split(",")) {
        String name = token.trim();
        if (!name.isEmpty()) {
          headers.remove(name);
        }
      }
    }
    for (String name : FIELDS) {
      headers.remove(name);
    }
  }
}
