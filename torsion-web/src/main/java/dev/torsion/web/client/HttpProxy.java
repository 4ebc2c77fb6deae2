package dev.torsion.web.client;

import dev.torsion.web.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An HTTP proxy for {@link HttpAgent#setProxy}: where it is, and optionally the
 * Proxy-Authorization to send it. Twisted's {@code ProxyAgent} takes an endpoint the same way;
 * here https goes through the proxy too, with CONNECT.
 *
 * <pre>{@code
 * agent.setProxy(new HttpProxy("proxy.internal", 3128, null));
 * agent.setProxy(HttpProxy.withBasicAuth("proxy.internal", 3128, "user", "secret"));
 * }</pre>
 *
 * @param authorization a Proxy-Authorization value, or null
 */
public record HttpProxy(String host, int port, String authorization) {
  public HttpProxy {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("proxy host is empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("proxy port out of range: " + port);
    }
    if (authorization != null) {
      Headers.checkField("Proxy-Authorization", authorization);
    }
  }

  /** A proxy asking for HTTP Basic credentials (RFC 7617). */
  public static HttpProxy withBasicAuth(String host, int port, String user, String password) {
    String token = Base64.getEncoder().encodeToString(
        (user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return new HttpProxy(host, port, "Basic " + token);
  }

  @Override
  public String toString() {
    // never print the credentials
    return "HttpProxy[" + host + ":" + port + (authorization == null ? "" : ", with authorization") + "]";
  }
}
