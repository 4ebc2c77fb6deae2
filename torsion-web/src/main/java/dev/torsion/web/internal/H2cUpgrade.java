package dev.torsion.web.internal;

import dev.torsion.web.Headers;
import dev.torsion.web.http2.internal.Http2ServerConnection;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Site;
import java.util.Base64;

/**
 * The HTTP/1.1 Upgrade to h2c (RFC 7540 3.2, kept as a note in RFC 9113 3.1): which requests
 * ask for it, and the HTTP/2 connection that answers them as stream 1.
 *
 * <pre>
 *   GET / HTTP/1.1                     HTTP/1.1 101 Switching Protocols
 *   Connection: Upgrade, HTTP2-Settings Connection: Upgrade
 *   Upgrade: h2c                 ──▶   Upgrade: h2c
 *   HTTP2-Settings: AAMAAABkAAQ...     (then HTTP/2: server SETTINGS, stream 1's response)
 * </pre>
 */
final class H2cUpgrade {
  private H2cUpgrade() {}

  /**
   * True when {@code head} asks for h2c in a way we may honour: HTTP/2 on for the site, a
   * cleartext connection (h2c is not for TLS, 3.2), HTTP/1.1, and exactly one well-formed
   * HTTP2-Settings field named in Connection (3.2.1). Anything else stays HTTP/1.1, as the RFC
   * lets a server ignore an Upgrade.
   */
  static boolean requested(MessageHead head, Site site, boolean secure) {
    Headers h = head.headers();
    if (site.getHttp2Limits() == null || secure || head.minorVersion() < 1
        || !HeaderTokens.has(h, "Upgrade", "h2c")
        || !HeaderTokens.has(h, "Connection", "upgrade")
        || !HeaderTokens.has(h, "Connection", "http2-settings")
        || h.getAll("HTTP2-Settings").size() != 1) {
      return false;
    }
    try {
      // A SETTINGS payload, base64url without padding (3.2.1): six bytes per setting.
      byte[] settings = Base64.getUrlDecoder().decode(h.getFirst("HTTP2-Settings").trim());
      return settings.length % 6 == 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The HTTP/2 connection taking over, with the upgrade request as its stream 1 (without the
   * hop-by-hop fields that asked for the upgrade); sets the 101's Upgrade field on {@code
   * request}. The client's SETTINGS frame, which follows its preface, carries the settings
   * again; the HTTP2-Settings values themselves are not applied before it.
   */
  static Http2ServerConnection accept(Request request, MessageHead head, SpooledBuffer body,
      Site site) {
    Headers fields = head.headers().copy();
    for (String hopByHop : new String[] {"Connection", "Upgrade", "HTTP2-Settings", "Keep-Alive",
        "Proxy-Connection", "Transfer-Encoding"}) {
      fields.remove(hopByHop);
    }
    Http2ServerConnection h2 = new Http2ServerConnection(site, site.getHttp2Limits());
    h2.setUpgradedRequest(head.method(), head.target(), fields, body);
    request.setHeader("Upgrade", "h2c");
    return h2;
  }
}
