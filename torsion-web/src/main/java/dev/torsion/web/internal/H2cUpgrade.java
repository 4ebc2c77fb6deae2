package dev.torsion.web.internal;

import dev.torsion.web.Headers;
import dev.torsion.web.http2.internal.Http2Exception;
import dev.torsion.web.http2.internal.Http2ServerConnection;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Site;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger LOG = LoggerFactory.getLogger(H2cUpgrade.class);

  private H2cUpgrade() {}

  /**
   * True when {@code head} asks for h2c in a way we may honour: HTTP/2 on for the site, a
   * cleartext connection (h2c is not for TLS, 3.2), HTTP/1.1, and exactly one HTTP2-Settings
   * field (3.2.1: a server MUST NOT upgrade without exactly one), named in Connection, whose
   * value is base64url (RFC 4648 5, padding optional) of a valid SETTINGS payload. Anything else
   * stays HTTP/1.1, as the RFC lets a server ignore an Upgrade; the debug log says why for a
   * malformed HTTP2-Settings.
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
      Http2ServerConnection.checkUpgradeSettings(settingsPayload(h));
      return true;
    } catch (IllegalArgumentException | Http2Exception e) {
      LOG.debug("not upgrading {} {} to h2c: bad HTTP2-Settings: {}", head.method(),
          head.target(), e.getMessage());
      return false;
    }
  }

  private static byte[] settingsPayload(Headers h) {
    return Base64.getUrlDecoder().decode(h.getFirst("HTTP2-Settings").trim());
  }

  /**
   * The HTTP/2 connection taking over from a request {@link #requested} said yes to, with the
   * client's HTTP2-Settings applied and the request as its stream 1 (without the hop-by-hop
   * fields that asked for the upgrade); sets the 101's Upgrade field on {@code request}.
   */
  static Http2ServerConnection accept(Request request, MessageHead head, SpooledBuffer body,
      Site site) {
    Headers fields = head.headers().copy();
    byte[] settings = settingsPayload(fields);
    for (String hopByHop : new String[] {"Connection", "Upgrade", "HTTP2-Settings", "Keep-Alive",
        "Proxy-Connection", "Transfer-Encoding"}) {
      fields.remove(hopByHop);
    }
    Http2ServerConnection h2 = new Http2ServerConnection(site, site.getHttp2Limits());
    try {
      h2.setUpgradedRequest(settings, head.method(), head.target(), fields, body);
    } catch (Http2Exception e) {
      throw new IllegalStateException("HTTP2-Settings checked by requested(): " + e, e);
    }
    request.setHeader("Upgrade", "h2c");
    return h2;
  }
}
