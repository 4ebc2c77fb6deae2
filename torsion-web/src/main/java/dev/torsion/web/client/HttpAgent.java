package dev.torsion.web.client;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Reactor;
import dev.torsion.web.Headers;
import dev.torsion.web.internal.Ascii;
import dev.torsion.web.internal.Authority;
import dev.torsion.web.internal.Http1Parser;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Sends HTTP/1.1 requests over pooled connections: Twisted's {@code twisted.web.client.Agent}.
 * https goes through torsion-core's TLS with certificate verification on.
 *
 * <pre>{@code
 * HttpAgent agent = new HttpAgent(reactor);
 * agent.setConnectTimeout(10);
 * agent.request("GET", "http://example.com/", null, null)
 *     .addCallback(Response::readBody)
 *     .addCallback(body -> { System.out.println(new String(body, UTF_8)); return null; });
 * }</pre>
 *
 * <p>A method, URI or header holding CR, LF, NUL or any other character that could split the
 * request is refused before anything is sent.
 *
 * <p>The defaults keep a misbehaving server from holding resources without bound:
 * <ul>
 *   <li>connect timeout 30 s ({@link #setConnectTimeout}), TLS handshake included;
 *   <li>read timeout none ({@link #setReadTimeout}), as in Twisted; when set, it counts only
 *       while the agent waits for bytes, not while the application holds a body paused;
 *   <li>response head at most {@value #DEFAULT_MAX_RESPONSE_HEADER_BYTES} bytes of fields
 *       ({@link #setMaxResponseHeaderBytes}), 200 fields and an 8 KiB status line: past them the
 *       request fails with {@link ResponseFailed}; a trailer section ({@link
 *       Response#trailers}) has the same limits, and past them the body fails;
 *   <li>response body: no limit while streamed through {@link Response#deliverBody} (memory is
 *       the application's), 64 MiB for {@link Response#readBody()} (choose with {@link
 *       Response#readBody(long)}), or a limit for every response with {@link
 *       #setMaxResponseBody};
 *   <li>redirects are not followed here; {@link RedirectAgent} follows at most 20.
 * </ul>
 * Cancelling the Deferred of {@link #request} gives the request up: a connection attempt is
 * stopped, a request waiting for its response has its connection closed.
 */
public final class HttpAgent implements Agent {
  /** The default limit on a response's header fields, in bytes. */
  public static final int DEFAULT_MAX_RESPONSE_HEADER_BYTES = 64 * 1024;

  private final Reactor reactor;
  private final HttpConnectionPool pool;
  private double connectTimeout = 30;
  private double readTimeout = 0;
  private long maxResponseBody = Long.MAX_VALUE;
  private int maxResponseHeaderBytes = DEFAULT_MAX_RESPONSE_HEADER_BYTES;
  private String userAgent = "Torsion";
  private HttpProxy proxy;

  /** An agent with a pool of its own. */
  public HttpAgent(Reactor reactor) {
    this(reactor, new HttpConnectionPool(reactor));
  }

  public HttpAgent(Reactor reactor, HttpConnectionPool pool) {
    this.reactor = reactor;
    this.pool = pool;
  }

  public HttpConnectionPool getPool() {
    return pool;
  }

  /** Seconds to wait for the TCP (and TLS) connection; default 30. */
  public void setConnectTimeout(double seconds) {
    this.connectTimeout = seconds;
  }

  /** Seconds without any data from the server before the request fails with TimeoutError; 0 (default) for none. */
  public void setReadTimeout(double seconds) {
    this.readTimeout = seconds;
  }

  /** Responses with a larger body fail with ResponseFailed (default: no limit beyond readBody's). */
  public void setMaxResponseBody(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative body limit: " + bytes);
    }
    this.maxResponseBody = bytes;
  }

  /**
   * Responses whose header fields take more than {@code bytes} fail with ResponseFailed
   * (default {@value #DEFAULT_MAX_RESPONSE_HEADER_BYTES}).
   */
  public void setMaxResponseHeaderBytes(int bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("header limit must be positive: " + bytes);
    }
    this.maxResponseHeaderBytes = bytes;
  }

  /**
   * Sends every request through {@code proxy} (null for none): http requests in absolute form
   * ({@code GET http://host/path}) to the proxy, https ones through a CONNECT tunnel with TLS to
   * the origin inside it, verified as without a proxy.
   */
  public void setProxy(HttpProxy proxy) {
    this.proxy = proxy;
  }

  /** The User-Agent sent when the request has none; null for none. */
  public void setUserAgent(String userAgent) {
    this.userAgent = userAgent;
  }

  public Reactor getReactor() {
    return reactor;
  }

  public double getConnectTimeout() {
    return connectTimeout;
  }

  /** The proxy set with {@link #setProxy}, or null. */
  public HttpProxy getProxy() {
    return proxy;
  }

  public String getUserAgent() {
    return userAgent;
  }

  @Override
  public Deferred<Response> request(String method, String uri, Headers headers, BodyProducer body) {
    URI u;
    Headers h;
    try {
      checkMethod(method);
      u = parseUri(uri);
      h = headers == null ? new Headers() : headers.copy(); // copy re-validates every field
    } catch (IllegalArgumentException e) {
      return Deferred.fail(e);
    }
    String scheme = u.getScheme().toLowerCase(Locale.ROOT);
    int defaultPort = scheme.equals("https") ? 443 : 80;
    int port = u.getPort() < 0 ? defaultPort : u.getPort();
    String host = u.getHost();
    String bracketed = Authority.bracketed(host);
    String authority = port == defaultPort ? bracketed : bracketed + ":" + port;
    if (!h.contains("Host")) {
      h.set("Host", authority);
    }
    if (userAgent != null && !h.contains("User-Agent")) {
      h.set("User-Agent", userAgent);
    }
    String target = (u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath())
        + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    String connectHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    HttpConnectionPool.Key key;
    if (proxy == null) {
      key = new HttpConnectionPool.Key(scheme, connectHost, port);
    } else if (scheme.equals("https")) {
      key = new HttpConnectionPool.Key(scheme, connectHost, port, proxy);
    } else {
      // RFC 9112 3.2.2: to a proxy, the request-target is the absolute URI.
      target = "http://" + authority + target;
      key = new HttpConnectionPool.Key(scheme, "*", 0, proxy);
      if (proxy.authorization() != null && !h.contains("Proxy-Authorization")) {
        h.set("Proxy-Authorization", proxy.authorization());
      }
    }
    String requestTarget = target;
    Http1Parser.Limits limits =
        new Http1Parser.Limits(8192, maxResponseHeaderBytes, 200, maxResponseBody);
    return pool.getConnection(key, connectTimeout, limits)
        .addDeferredCallback(c -> c.request(method, requestTarget, h, body, readTimeout));
  }

  static void checkMethod(String method) {
    if (method == null || method.isEmpty()) {
      throw new IllegalArgumentException("empty method");
    }
    for (int i = 0; i < method.length(); i++) {
      char c = method.charAt(i);
      if (c > 0x7e || !Ascii.isTokenChar((byte) c)) {
        throw new IllegalArgumentException("invalid character in method: " + escape(method));
      }
    }
  }

  static URI parseUri(String uri) {
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new IllegalArgumentException("invalid character in URI: " + escape(uri));
      }
    }
    URI u;
    try {
      u = new URI(uri);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid URI: " + e.getMessage());
    }
    String scheme = u.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw new IllegalArgumentException("unsupported scheme in URI: " + escape(uri));
    }
    if (u.getHost() == null) {
      throw new IllegalArgumentException("no host in URI: " + escape(uri));
    }
    return u;
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 100; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c >= 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    return b.toString();
  }
}
