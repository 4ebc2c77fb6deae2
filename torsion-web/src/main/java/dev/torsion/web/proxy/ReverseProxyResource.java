package dev.torsion.web.proxy;

import dev.torsion.internet.Address;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.IPv6Address;
import dev.torsion.internet.Reactor;
import dev.torsion.web.Headers;
import dev.torsion.web.client.Agent;
import dev.torsion.web.client.HttpAgent;
import dev.torsion.web.internal.Authority;
import dev.torsion.web.internal.Percent;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import dev.torsion.web.server.StreamingRequestBody;
import java.util.Objects;

/**
 * Forwards every request under it to another HTTP server and relays the response: Twisted's
 * {@code twisted.web.proxy.ReverseProxyResource}.
 *
 * <p>As in Twisted, each path segment below this resource becomes a child proxying to {@code
 * path + "/" + segment}, the query string is passed on, and the Host header is set to the
 * backend's {@code host} (with {@code :port} unless it is 80). Beyond Twisted, the request goes
 * through an {@link Agent} (pooled, kept-alive connections), hop-by-hop fields are removed both
 * ways ({@link HopByHopHeaders}), the client's address is appended to X-Forwarded-For, and
 * X-Forwarded-Proto and X-Forwarded-Host say how the client reached us. Bodies stream both
 * ways, with backpressure: the request body goes to the backend while it arrives (a {@link
 * StreamingRequestBody}: the client's reading pauses while the backend connection's write buffer
 * is above its high-water mark), up to {@link #DEFAULT_MAX_UPLOAD_BYTES} unless {@link
 * #setMaxUploadBytes} says otherwise (413 beyond; the site's own body limit does not apply
 * here), and the response body is read from the backend only as fast as the client takes it. A backend that cannot be reached gives 502 Bad Gateway (504 Gateway
 * Timeout when it does not answer in time: the proxy's own agent gives up after {@value
 * #DEFAULT_READ_TIMEOUT} s without a byte from the backend). A client that goes away while the
 * backend has not answered cancels the backend request, closing its connection.
 *
 * <pre>{@code
 * Resource root = new Resource();
 * root.putChild("api", new ReverseProxyResource("127.0.0.1", 9000, "/v1", reactor));
 * // GET /api/users?id=7  ->  GET http://127.0.0.1:9000/v1/users?id=7, Host: 127.0.0.1:9000
 * reactor.listenTCP(8080, new Site(root, reactor));
 * }</pre>
 */
public class ReverseProxyResource extends Resource implements StreamingRequestBody {
  /** Seconds without data from the backend before the proxy's own agent answers 504. */
  public static final double DEFAULT_READ_TIMEOUT = 60;

  /** The largest request body proxied unless {@link #setMaxUploadBytes} says otherwise: 1 GiB. */
  public static final long DEFAULT_MAX_UPLOAD_BYTES = 1L << 30;

  private final String host;
  private final int port;
  private final String path;
  private final Agent agent;
  private long maxUploadBytes = DEFAULT_MAX_UPLOAD_BYTES;

  /**
   * Proxies to {@code host:port}, prefixing {@code path}, with an {@link HttpAgent} of its own
   * whose read timeout is {@value #DEFAULT_READ_TIMEOUT} s.
   */
  public ReverseProxyResource(String host, int port, String path, Reactor reactor) {
    this(host, port, path, reactor, DEFAULT_READ_TIMEOUT);
  }

  /**
   * Proxies to {@code host:port}, prefixing {@code path}, with an {@link HttpAgent} of its own
   * that waits at most {@code readTimeoutSeconds} for data from the backend (0 for ever).
   */
  public ReverseProxyResource(String host, int port, String path, Reactor reactor,
      double readTimeoutSeconds) {
    this(host, port, path, agentWithReadTimeout(reactor, readTimeoutSeconds));
  }

  private static HttpAgent agentWithReadTimeout(Reactor reactor, double seconds) {
    if (seconds < 0) {
      throw new IllegalArgumentException("negative read timeout: " + seconds);
    }
    HttpAgent agent = new HttpAgent(reactor);
    agent.setReadTimeout(seconds);
    return agent;
  }

  /**
   * Proxies to {@code host:port}, prefixing {@code path} ("" or "/prefix", already
   * percent-encoded), sending requests through {@code agent} (whose timeouts then apply: give
   * an {@link HttpAgent} a read timeout, or a backend that never answers holds the request until
   * the client leaves).
   */
  public ReverseProxyResource(String host, int port, String path, Agent agent) {
    this.host = Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    this.port = port;
    this.path = Objects.requireNonNull(path, "path");
    this.agent = Objects.requireNonNull(agent, "agent");
  }

  /** Another proxy one segment deeper: Twisted's {@code getChild}. */
  @Override
  public Resource getChild(String segment, Request request) {
    ReverseProxyResource child = new ReverseProxyResource(host, port,
        path + "/" + Percent.encodeSegment(segment), agent);
    child.maxUploadBytes = maxUploadBytes;
    return child;
  }

  /**
   * Sets the largest request body passed to the backend (413 Content Too Large beyond it, as
   * soon as a Content-Length says so or while a chunked body arrives); default {@value
   * #DEFAULT_MAX_UPLOAD_BYTES} bytes. Memory does not grow with it: the body streams.
   */
  public void setMaxUploadBytes(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative upload limit: " + bytes);
    }
    this.maxUploadBytes = bytes;
  }

  /** The largest request body passed to the backend. */
  public long getMaxUploadBytes() {
    return maxUploadBytes;
  }

  @Override
  public long streamingBodyLimit(Request request) {
    return maxUploadBytes;
  }

  /** The request-target the backend receives for {@code request}. */
  String targetFor(Request request) {
    String uri = request.getUri();
    int q = uri.indexOf('?');
    String query = "";
    if (q >= 0) {
      int hash = uri.indexOf('#', q);
      query = "?" + Percent.sanitizeQuery(hash < 0 ? uri.substring(q + 1) : uri.substring(q + 1, hash));
    }
    return (path.isEmpty() ? "/" : path) + query;
  }

  /** The headers sent to the backend: the client's minus hop-by-hop, plus the X-Forwarded set. */
  Headers headersFor(Request request) {
    Headers h = request.getRequestHeaders().copy();
    HopByHopHeaders.strip(h);
    h.remove("Content-Length"); // the agent frames the body it sends
    h.remove("Expect"); // answered here already, before the body was read
    String originalHost = request.getHeader("Host");
    String hostField = Authority.bracketed(host);
    h.set("Host", port == 80 ? hostField : hostField + ":" + port);
    String client = addressOf(request.getClientAddress());
    if (client != null) {
      String prior = String.join(", ", h.getAll("X-Forwarded-For"));
      h.set("X-Forwarded-For", prior.isEmpty() ? client : prior + ", " + client);
    }
    h.set("X-Forwarded-Proto", request.isSecure() ? "https" : "http");
    if (originalHost != null) {
      h.set("X-Forwarded-Host", originalHost);
    } else {
      h.remove("X-Forwarded-Host");
    }
    return h;
  }

  private static String addressOf(Address a) {
    if (a instanceof IPv4Address v4) {
      return v4.host();
    }
    if (a instanceof IPv6Address v6) {
      return v6.host();
    }
    return null;
  }

  @Override
  public byte[] render(Request request) {
    String hostPart = Authority.bracketed(host);
    String url = "http://" + hostPart + ":" + port + targetFor(request);
    new ProxyRelay(request, host + ":" + port).start(agent, url, headersFor(request));
    return Site.NOT_DONE_YET;
  }

  @Override
  public String toString() {
    return "ReverseProxyResource[" + host + ":" + port + path + "]";
  }
}
