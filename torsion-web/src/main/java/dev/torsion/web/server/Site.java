package dev.torsion.web.server;

import dev.torsion.internet.Address;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Log;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.ssl.ProtocolNegotiationFactory;
import dev.torsion.web.internal.AccessLogFormat;
import dev.torsion.web.internal.Http1Parser;
import dev.torsion.web.internal.Http1ServerConnection;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The factory for HTTP connections serving a resource tree: Twisted's {@code
 * twisted.web.server.Site}. It holds the root resource, the limits and timeouts that protect the
 * server, the sessions, and the access log.
 *
 * <pre>{@code
 * Resource root = new StaticFile(Path.of("/var/www"));
 * Site site = new Site(root);
 * site.setAccessLog(Path.of("access.log"));
 * reactor.listenTCP(8080, site);
 * }</pre>
 *
 * <p>Defaults: 60 s idle/header timeout, 8 KiB request line (414 beyond), 32 KiB and 100 header
 * fields (431), 16 MiB body (413), request bodies spooled to disk past 1 MiB. A resource that
 * implements {@link StreamingRequestBody} gets the body as it arrives instead, under its own
 * limit.
 */
public class Site extends Factory implements ProtocolNegotiationFactory {
  /**
   * Returned from {@link Resource#render} to say the response will be written and finished
   * later: Twisted's {@code NOT_DONE_YET}. Compared by identity.
   */
  public static final byte[] NOT_DONE_YET = new byte[0];

  private final Resource resource;
  private ReactorTime time;
  private double timeout = 60;
  private int maxRequestLine = 8192;
  private int maxHeaderBytes = 32 * 1024;
  private int maxHeaderCount = 100;
  private long maxBodyBytes = 16L * 1024 * 1024;
  private long bodySpoolThreshold = 1024 * 1024;
  private long uploadSpoolThreshold = 64 * 1024;
  private int maxPipelinedInput = 64 * 1024;
  private double sessionTimeout = 900;
  private boolean displayTracebacks;
  private String serverHeader = "Torsion";
  private dev.torsion.web.http2.Http2Limits http2Limits = dev.torsion.web.http2.Http2Limits.defaults();
  private Consumer<String> accessLog;
  private BufferedWriter accessLogFile;
  // Concurrent: on a ReactorGroup, connections on several threads share one Site.
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  /** A site on the global reactor's clock. */
  public Site(Resource resource) {
    this(resource, null);
  }

  /** A site whose timeouts and sessions run on {@code time} (a Clock in tests). */
  public Site(Resource resource, ReactorTime time) {
    this.resource = Objects.requireNonNull(resource, "resource");
    this.time = time;
  }

  @Override
  public Protocol buildProtocol(Address addr) {
    if (http2Limits != null) {
      Protocol p = new dev.torsion.web.http2.internal.ServerProtocolSelector(this, http2Limits);
      p.setFactory(this);
      return p;
    }
    Http1ServerConnection p = new Http1ServerConnection(this);
    p.setFactory(this);
    return p;
  }

  /**
   * The ALPN protocols every TLS listener of this site offers (RFC 7301): HTTP/1.1 always, so
   * a client asking for it by name gets it instead of no protocol at all.
   */
  @Override
  public List<String> acceptableProtocols() {
    return http2Limits != null ? List.of("h2", "http/1.1") : List.of("http/1.1");
  }

  /**
   * HTTP/2's limits; on by default with {@link dev.torsion.web.http2.Http2Limits#defaults()}:
   * h2 by ALPN on TLS listeners, and h2c with prior knowledge or by the HTTP/1.1 Upgrade on
   * cleartext ones. Null turns HTTP/2 off (HTTP/1.1 only, ALPN offers {@code http/1.1} alone).
   */
  public void setHttp2Limits(dev.torsion.web.http2.Http2Limits limits) {
    this.http2Limits = limits;
  }

  public dev.torsion.web.http2.Http2Limits getHttp2Limits() {
    return http2Limits;
  }

  /** The root resource. */
  public Resource getResource() {
    return resource;
  }

  /** The clock for timeouts and session expiry. */
  public ReactorTime getReactorTime() {
    if (time == null) {
      time = Reactor.global();
    }
    return time;
  }

  /** Finds the resource for {@code request} by traversal from the root (Twisted's {@code getChildForRequest}). */
  public Resource getResourceFor(Request request) {
    Resource r = resource;
    while (!request.getPostpath().isEmpty() && !r.isLeaf()) {
      String segment = request.getPostpath().remove(0);
      request.getPrepath().add(segment);
      r = r.getChildWithDefault(segment, request);
    }
    return r;
  }

  /** Renders {@code request}: finds its resource, renders it and finishes unless NOT_DONE_YET. */
  public void render(Request request) {
    Resource located;
    try {
      located = getResourceFor(request);
    } catch (Throwable t) {
      request.processingFailed(t);
      return;
    }
    render(request, located);
  }

  /** Renders {@code request} with {@code resource}, already located for it; finishes as above. */
  public void render(Request request, Resource resource) {
    try {
      byte[] body = resource.render(request);
      if (body == NOT_DONE_YET) {
        return;
      }
      if (body == null) {
        throw new IllegalStateException("render returned null for " + request.getUri());
      }
      request.writeAndFinish(body);
    } catch (Throwable t) {
      request.processingFailed(t);
    }
  }

  // ---- sessions ----------------------------------------------------------------------------

  /** Creates a session with a new random id. */
  public Session makeSession() {
    byte[] id = new byte[32];
    random.nextBytes(id);
    String uid = HexFormat.of().formatHex(id);
    Session s = new Session(this, uid, getReactorTime(), sessionTimeout);
    sessions.put(uid, s);
    return s;
  }

  /** The live session with this id, or null. */
  public Session getSession(String uid) {
    return sessions.get(uid);
  }

  void removeSession(String uid) {
    sessions.remove(uid);
  }

  public void setSessionTimeout(double seconds) {
    this.sessionTimeout = seconds;
  }

  // ---- access log --------------------------------------------------------------------------

  /** Sends each access-log line (combined log format) to {@code sink}. */
  public void setAccessLog(Consumer<String> sink) {
    this.accessLog = sink;
  }

  /** Appends the access log, in combined log format, to {@code file}. */
  public void setAccessLog(Path file) throws IOException {
    BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    this.accessLogFile = w;
    this.accessLog = line -> {
      // One lock for the line and its newline, so lines from several reactors never interleave.
      synchronized (w) {
        try {
          w.write(line);
          w.write('\n');
          w.flush();
        } catch (IOException e) {
          Log.err(e, "cannot write access log " + file);
        }
      }
    };
  }

  /** Called by channels when a response is finished. */
  public void log(Request request) {
    if (accessLog != null) {
      accessLog.accept(AccessLogFormat.combined(request, System.currentTimeMillis()));
    }
  }

  @Override
  public void stopFactory() {
    if (accessLogFile != null) {
      try {
        accessLogFile.close();
      } catch (IOException e) {
        Log.err(e, "cannot close access log");
      }
    }
    for (Session s : sessions.values().toArray(new Session[0])) {
      s.expire();
    }
  }

  // ---- limits ------------------------------------------------------------------------------

  /** The parser limits, for channels. */
  public Http1Parser.Limits parserLimits() {
    return new Http1Parser.Limits(maxRequestLine, maxHeaderBytes, maxHeaderCount, maxBodyBytes);
  }

  /** Seconds a connection may stay idle, or take to send a request head; 0 for none. */
  public double getTimeout() {
    return timeout;
  }

  public void setTimeout(double seconds) {
    this.timeout = seconds;
  }

  public void setMaxRequestLine(int bytes) {
    this.maxRequestLine = bytes;
  }

  public void setMaxHeaderBytes(int bytes) {
    this.maxHeaderBytes = bytes;
  }

  public void setMaxHeaderCount(int count) {
    this.maxHeaderCount = count;
  }

  public void setMaxBodyBytes(long bytes) {
    this.maxBodyBytes = bytes;
  }

  public long getBodySpoolThreshold() {
    return bodySpoolThreshold;
  }

  public void setBodySpoolThreshold(long bytes) {
    this.bodySpoolThreshold = bytes;
  }

  public long getUploadSpoolThreshold() {
    return uploadSpoolThreshold;
  }

  public void setUploadSpoolThreshold(long bytes) {
    this.uploadSpoolThreshold = bytes;
  }

  /** Bytes of pipelined input held while a response is pending before reading pauses. */
  public int getMaxPipelinedInput() {
    return maxPipelinedInput;
  }

  public void setMaxPipelinedInput(int bytes) {
    this.maxPipelinedInput = bytes;
  }

  public boolean isDisplayTracebacks() {
    return displayTracebacks;
  }

  /** Shows stack traces in 500 pages (off by default: they leak internals). */
  public void setDisplayTracebacks(boolean display) {
    this.displayTracebacks = display;
  }

  /** The Server header's value, or null to send none. */
  public String getServerHeader() {
    return serverHeader;
  }

  public void setServerHeader(String value) {
    if (value != null) {
      dev.torsion.web.Headers.checkField("Server", value);
    }
    this.serverHeader = value;
  }
}
