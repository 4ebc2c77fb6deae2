package dev.torsion.web.internal;

import dev.torsion.internet.Address;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Failure;
import dev.torsion.internet.GracefulClose;
import dev.torsion.internet.Log;
import dev.torsion.internet.Producer;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.internal.StreamConnection;
import dev.torsion.web.Headers;
import dev.torsion.web.Html;
import dev.torsion.web.Http;
import dev.torsion.web.server.HttpChannel;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import dev.torsion.web.server.StreamingRequestBody;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The server side of one HTTP/1.1 connection: Twisted's {@code HTTPChannel}. It feeds input to a
 * {@link Http1Parser}, turns each complete request into a {@link Request} for the site,
 * and frames that request's response.
 *
 * <p>Requests are handled strictly one at a time: after a request is dispatched, further
 * (pipelined) input is only buffered, up to the site's cap, after which the transport is paused;
 * parsing resumes when the response is finished, so responses always go out in order and a bad
 * request behind a good one is not even looked at before the good one is answered.
 *
 * <p>A request whose resource implements {@link StreamingRequestBody} is dispatched as soon as
 * its head is parsed; its body pieces then go to the request as they are parsed, and the
 * resource pauses reading with {@link #pauseRequestBody()}. If its response is finished
 * before the body has all arrived, the connection closes after the response.
 *
 * <p>A resource that answers with {@link #switchProtocols} (101) ends HTTP on the connection:
 * the new protocol gets the transport and every byte after the request head, pipelined
 * "requests" included, and all later input and the connection's end go straight to it. A
 * request asking {@code Upgrade: h2c} on a cleartext connection of a site with HTTP/2 on is
 * switched the same way, before any resource sees it (RFC 7540 3.2).
 *
 * <pre>
 *   idle ──bytes──▶ reading head ──▶ reading body ──▶ dispatched ──finish──▶ idle (keep-alive)
 *     timeout:   from idle start          reset on data     none       │      └─▶ close
 *                                                                      └─101─▶ switched (to next)
 * </pre>
 *
 * <p>Asked to {@linkplain #closeGracefully close gracefully} (its server is shutting down), it
 * answers the request under way, and any that arrives while it is idle, with {@code Connection:
 * close}, then closes; one already idle for {@link #IDLE_GRACE_SECONDS} closes at once, one
 * idle for less closes when it has been (docs/design/graceful-shutdown.md says why not sooner).
 */
public final class Http1ServerConnection extends Protocol implements HttpChannel,
    Http1Parser.Listener, GracefulClose {
  /**
   * Once asked to close gracefully, how long an idle connection is still given for its next
   * request. Closing the moment a response has gone out races the request the client sends on
   * reading it (RFC 9112 9.6: it may be on the wire already), which the client then sees fail;
   * a client that reuses its connection sends within milliseconds, so a second separates those
   * from a connection that is really idle, which RFC 9112 9.5 lets us time out.
   */
  public static final double IDLE_GRACE_SECONDS = 1.0;

  private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] CRLF = {'\r', '\n'};
  /** A body up to this size, whole in its first write, is copied into the head's array. */
  private static final int INLINE_BODY = 16 * 1024;
  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] CRLF_LAST_CHUNK = "\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

  private enum Framing { NONE, IDENTITY, CHUNKED, UNTIL_CLOSE }

  private final Site site;
  private final Http1Parser parser;
  private final DateCache dates = new DateCache();
  private final byte[] serverLine;

  private byte[] in;
  private int inStart;
  private int inEnd;
  private boolean processing;
  private boolean readPaused;
  private boolean dead;

  private MessageHead head;
  private SpooledBuffer body;
  private Request current;
  private boolean persistent;
  private boolean headSent;
  private boolean headCarriesBody; // the head just encoded has the write's data after it
  private Framing framing = Framing.NONE;
  private long remaining;
  private DelayedCall timeoutCall;
  private double timeoutAt = Double.POSITIVE_INFINITY; // when the idle timeout is due; infinity: paused
  private boolean streamingMessage; // the body being parsed is streamed (maybe to nobody now)
  private Request streaming; // the request whose body is being streamed, while it is
  private Resource streamingResource;
  private boolean bodyPaused;
  private Protocol switchedTo; // after a 101: the protocol that owns the connection now
  private Headers trailers; // the trailer fields of the body being read whole, if it had any
  private boolean closing; // asked to close gracefully: no more keep-alive
  private double idleSince; // when the last response ended (or the connection began)
  private DelayedCall closeCall; // closes the connection if still idle after the grace

  public Http1ServerConnection(Site site) {
    this.site = site;
    this.parser = new Http1Parser(site.parserLimits(), this);
    String server = site.getServerHeader();
    this.serverLine = server == null ? null
        : ("Server: " + server + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void connectionMade() {
    idleSince = site.getReactorTime().seconds();
    startTimeout();
  }

  @Override
  public void dataReceived(byte[] data) {
    if (switchedTo != null) {
      switchedTo.dataReceived(data);
      return;
    }
    if (dead || data.length == 0) {
      return;
    }
    if (inStart == inEnd) {
      in = data; // ours to keep: no copy in the common case
      inStart = 0;
      inEnd = data.length;
    } else {
      append(data);
    }
    if (parser.isReadingBody() && !bodyPaused) {
      startTimeout(); // body: an idle timeout, pushed back by progress
    }
    processInput();
  }

  private void append(byte[] data) {
    int live = inEnd - inStart;
    byte[] grown = new byte[Math.max(live + data.length, Math.min(live * 2, live + 65536))];
    System.arraycopy(in, inStart, grown, 0, live);
    System.arraycopy(data, 0, grown, live, data.length);
    in = grown;
    inStart = 0;
    inEnd = live + data.length;
  }

  private void processInput() {
    if (processing) {
      return;
    }
    processing = true;
    try {
      while (!dead && switchedTo == null && (current == null || (streaming != null && !bodyPaused))
          && inStart < inEnd) {
        if (parser.isMessageComplete()) {
          parser.reset();
        }
        int used;
        try {
          used = parser.feed(in, inStart, inEnd - inStart);
        } catch (HttpParseException e) {
          inStart = inEnd;
          badRequest(e.status(), e.getMessage());
          return;
        }
        inStart += used;
      }
    } finally {
      processing = false;
    }
    if (switchedTo != null) {
      handOverInput();
      return;
    }
    if (inStart == inEnd) {
      in = null;
      inStart = inEnd = 0;
    }
    int buffered = inEnd - inStart;
    boolean pause = bodyPaused || (current != null && buffered > site.getMaxPipelinedInput());
    if (!dead && pause != readPaused) {
      readPaused = pause;
      if (pause) {
        transport.pauseProducing();
      } else {
        transport.resumeProducing();
      }
    }
  }

  // ---- parser events -----------------------------------------------------------------------

  @Override
  public long bodyLimit(MessageHead received, long limit) {
    if (!received.hasBody()) {
      return limit;
    }
    // Locate the resource now, from a request without its body: only a streaming one keeps it.
    Request probe = new Request(this, site, received.method(), received.target(),
        received.version(), received.headers(), null);
    try {
      if (site.getResourceFor(probe) instanceof StreamingRequestBody s) {
        long max = s.streamingBodyLimit(probe);
        if (max >= 0) {
          streaming = probe;
          streamingResource = (Resource) s;
          return max;
        }
      }
    } catch (RuntimeException e) {
      // Not streamed, then: rendering the request the usual way meets (and reports) it again.
    }
    return limit;
  }

  @Override
  public void headReceived(MessageHead received) {
    if (streaming != null) {
      dispatchStreaming(received);
      return;
    }
    head = received;
    if (received.hasBody()) {
      body = new SpooledBuffer(site.getBodySpoolThreshold());
      startTimeout();
      // RFC 9110 10.1.1: the client waits for this before sending the body.
      if (received.expectContinue() && received.minorVersion() >= 1) {
        transport.write(CONTINUE);
      }
    }
  }

  private void dispatchStreaming(MessageHead received) {
    Request request = streaming;
    Resource resource = streamingResource;
    streamingResource = null;
    startTimeout(); // the body's idle timeout runs on, except while the resource pauses it
    persistent = received.persistent();
    current = request;
    streamingMessage = true;
    request.streamedBodyStarted();
    if (received.expectContinue() && received.minorVersion() >= 1) {
      transport.write(CONTINUE);
    }
    site.render(request, resource);
  }

  @Override
  public void bodyReceived(byte[] data, int offset, int length) {
    if (streamingMessage) {
      if (streaming != null) {
        // The input array is never written again once handed to the parser: a whole one is ours.
        streaming.streamedBodyData(offset == 0 && length == data.length ? data
            : Arrays.copyOfRange(data, offset, offset + length));
      }
      return;
    }
    body.write(data, offset, length);
  }

  @Override
  public void trailersReceived(Headers fields) {
    if (!streamingMessage) {
      trailers = fields;
    } else if (streaming != null) {
      streaming.trailersReceived(fields);
    }
  }

  @Override
  public void messageComplete() {
    pauseTimeout();
    if (streamingMessage) {
      streamingMessage = false;
      bodyPaused = false;
      Request request = streaming;
      streaming = null;
      if (request != null) {
        request.streamedBodyEnded(null);
      }
      return;
    }
    MessageHead received = head;
    SpooledBuffer content = body;
    Request request = new Request(this, site, head.method(), head.target(), head.version(),
        head.headers(), body);
    if (trailers != null) {
      request.trailersReceived(trailers);
      trailers = null;
    }
    persistent = head.persistent();
    head = null;
    body = null;
    current = request;
    if (H2cUpgrade.requested(received, site, isSecure())) {
      switchProtocols(request, H2cUpgrade.accept(request, received, content, site));
      return;
    }
    String formError = request.parseForm();
    if (formError != null) {
      request.setResponseCode(Http.BAD_REQUEST);
      request.setHeader("Content-Type", "text/plain; charset=utf-8");
      request.writeAndFinish((formError + "\n").getBytes(StandardCharsets.UTF_8));
      return;
    }
    site.render(request);
  }

  // ---- HttpChannel: the response -------------------------------------------------------------

  @Override
  public void writeResponse(Request request, byte[] data, boolean last) {
    if (request != current || dead) {
      return;
    }
    byte[] headBytes = headSent ? null : encodeHead(request, data, last);
    headSent = true;
    int len = data == null ? 0 : data.length;
    switch (framing) {
      case NONE -> send(headBytes, null, null, null);
      case IDENTITY -> {
        if (len > remaining) {
          Log.err(new IllegalStateException("response to " + request + " longer than its "
              + "Content-Length; excess dropped"), "bad response length");
          data = Arrays.copyOf(data, (int) remaining);
          len = data.length;
          persistent = false;
        }
        remaining -= len;
        send(headBytes, len > 0 && !headCarriesBody ? data : null, null, null);
        headCarriesBody = false;
        if (last && remaining > 0) {
          persistent = false; // the client would wait for the missing bytes: only closing ends it
        }
      }
      case CHUNKED -> {
        byte[] end = !last ? null : request.hasResponseTrailers()
            ? TrailerFields.lastChunk(request.getResponseTrailers()) : LAST_CHUNK;
        if (len > 0) {
          byte[] size = (Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
          send(headBytes, size, data, !last ? CRLF : end == LAST_CHUNK ? CRLF_LAST_CHUNK : null);
          if (last && end != LAST_CHUNK) {
            send(CRLF, end, null, null);
          }
        } else {
          send(headBytes, end, null, null);
        }
      }
      case UNTIL_CLOSE -> send(headBytes, len > 0 ? data : null, null, null);
      default -> throw new IllegalStateException();
    }
    if (last) {
      requestDone(request);
    }
  }

  /**
   * The reactor on whose pool a file for {@link #writeFile} is to be opened, or null when {@code
   * request}'s body cannot be sent from a file here: the transport is not a plain TCP or Unix
   * connection (TLS encrypts in the heap), or the request is not the one being answered.
   */
  public Reactor fileReactor(Request request) {
    if (request != current || dead || switchedTo != null
        || !(transport instanceof StreamConnection c) || !c.canWriteFile()) {
      return null;
    }
    return c.reactor();
  }

  /**
   * Sends {@code count} bytes of {@code file} from {@code position} as the next piece of {@code
   * request}'s body, the head first, with the connection's transferTo (sendfile) path; only
   * after {@link #fileReactor} gave a reactor. The connection owns {@code file} from here on.
   */
  public void writeFile(Request request, FileChannel file, long position, long count) {
    if (request != current || dead || !(transport instanceof StreamConnection c)) {
      StreamConnection.closeQuietly(file);
      return;
    }
    byte[] headBytes = headSent ? null : encodeHead(request, null, false);
    headSent = true;
    switch (framing) {
      case NONE -> {
        send(headBytes, null, null, null);
        StreamConnection.closeQuietly(file);
      }
      case IDENTITY -> {
        if (count > remaining) {
          Log.err(new IllegalStateException("response to " + request + " longer than its "
              + "Content-Length; excess dropped"), "bad response length");
          count = remaining;
          persistent = false;
        }
        remaining -= count;
        send(headBytes, null, null, null);
        c.writeFile(file, position, count);
      }
      case CHUNKED -> {
        if (count == 0) {
          send(headBytes, null, null, null); // an empty chunk would end the body
          StreamConnection.closeQuietly(file);
          return;
        }
        send(headBytes, (Long.toHexString(count) + "\r\n").getBytes(StandardCharsets.ISO_8859_1),
            null, null);
        c.writeFile(file, position, count);
        transport.write(CRLF);
      }
      case UNTIL_CLOSE -> {
        send(headBytes, null, null, null);
        c.writeFile(file, position, count);
      }
      default -> throw new IllegalStateException();
    }
  }

  private void send(byte[] a, byte[] b, byte[] c, byte[] d) {
    int n = (a != null ? 1 : 0) + (b != null ? 1 : 0) + (c != null ? 1 : 0) + (d != null ? 1 : 0);
    if (n == 0) {
      return;
    }
    if (n == 1) {
      transport.write(a != null ? a : b != null ? b : c != null ? c : d);
      return;
    }
    byte[][] pieces = new byte[n][];
    int i = 0;
    for (byte[] p : new byte[][] {a, b, c, d}) {
      if (p != null) {
        pieces[i++] = p;
      }
    }
    transport.writeSequence(List.of(pieces));
  }

  private byte[] encodeHead(Request request, byte[] data, boolean last) {
    int code = request.getResponseCode();
    Headers h = request.getResponseHeaders();
    boolean informational = code / 100 == 1 || code == Http.NO_CONTENT;
    boolean noBody = informational || code == Http.NOT_MODIFIED || "HEAD".equals(request.getMethod());
    if (informational) {
      h.remove("Content-Length");
    }
    if (streaming != null) {
      persistent = false; // the rest of the request body is not read: only closing skips it
    }
    h.remove("Transfer-Encoding"); // framing is ours to decide
    String connection = h.getFirst("Connection");
    if (closing || (connection != null
        && connection.toLowerCase(java.util.Locale.ROOT).contains("close"))) {
      persistent = false;
    }
    long length = parseLength(h.getFirst("Content-Length"));
    if (length == -2) {
      h.remove("Content-Length");
      length = -1;
    }
    // RFC 9112 7.1.2: trailers ride only on a chunked body; one that has them already, for a
    // client that said it takes them (TE: trailers, RFC 9110 10.1.4), is chunked for them.
    boolean forTrailers = !noBody && request.hasResponseTrailers()
        && request.getClientProto().equals("HTTP/1.1")
        && HeaderTokens.has(request.getRequestHeaders(), "TE", "trailers");
    if (forTrailers) {
      h.remove("Content-Length");
      length = -1;
    }
    if (noBody) {
      framing = Framing.NONE;
    } else if (forTrailers) {
      framing = Framing.CHUNKED;
      h.set("Transfer-Encoding", "chunked");
      String names = TrailerFields.announce(request.getResponseTrailers());
      if (names != null && !h.contains("Trailer")) {
        h.set("Trailer", names);
      }
    } else if (length >= 0) {
      framing = Framing.IDENTITY;
      remaining = length;
    } else if (last) {
      framing = Framing.IDENTITY;
      remaining = data == null ? 0 : data.length;
      h.set("Content-Length", Long.toString(remaining));
    } else if (request.getClientProto().equals("HTTP/1.1")) {
      framing = Framing.CHUNKED;
      h.set("Transfer-Encoding", "chunked");
    } else {
      framing = Framing.UNTIL_CLOSE;
      persistent = false;
    }
    h.remove("Connection");
    byte[] connectionLine = null;
    if (!persistent) {
      connectionLine = "Connection: close\r\n".getBytes(StandardCharsets.ISO_8859_1);
    } else if (!request.getClientProto().equals("HTTP/1.1")) {
      connectionLine = "Connection: keep-alive\r\n".getBytes(StandardCharsets.ISO_8859_1);
    }
    byte[] date = h.contains("Date") ? null : dates.dateLine(System.currentTimeMillis());
    byte[] server = h.contains("Server") ? null : serverLine;
    String phrase = request.getResponsePhrase();
    // A whole small body rides in the head's array: one write() rather than a writev of two.
    byte[] inline = framing == Framing.IDENTITY && data != null && data.length > 0
        && data.length <= remaining && data.length <= INLINE_BODY ? data : null;
    headCarriesBody = inline != null;
    return ResponseHeadEncoder.encode(code, phrase.equals(Http.phrase(code)) ? null : phrase, h,
        date, server, connectionLine, inline);
  }

  /** The length, -1 when absent, -2 when not a plain decimal number. */
  private static long parseLength(String v) {
    if (v == null) {
      return -1;
    }
    long n = Ascii.decimal(v);
    return n < 0 ? -2 : n;
  }

  private void requestDone(Request request) {
    current = null;
    headSent = false;
    framing = Framing.NONE;
    try {
      site.log(request);
    } catch (RuntimeException e) {
      Log.err(e, "access log failed");
    }
    if (!persistent) {
      dead = true;
      transport.loseConnection();
      return;
    }
    idleSince = site.getReactorTime().seconds();
    startTimeout();
    processInput();
    if (closing) {
      closeIfIdle(); // this response had gone out with keep-alive before we were asked
    }
  }

  // ---- graceful close -------------------------------------------------------------------------

  @Override
  public void closeGracefully() {
    if (closing || dead || switchedTo != null) {
      return; // after a 101 the connection is no longer HTTP's to close
    }
    closing = true;
    closeIfIdle();
  }

  /** Closes now if idle for the grace already, later if idle for less; busy: after the response. */
  private void closeIfIdle() {
    boolean idle = current == null && !streamingMessage && inStart == inEnd
        && (parser.isIdle() || parser.isMessageComplete());
    if (dead || switchedTo != null || !idle) {
      return;
    }
    double left = idleSince + IDLE_GRACE_SECONDS - site.getReactorTime().seconds();
    if (left > 0) {
      if (closeCall != null && closeCall.active()) {
        closeCall.cancel();
      }
      closeCall = site.getReactorTime().callLater(left, this::closeIfIdle);
      return;
    }
    dead = true;
    cancelTimeout();
    transport.loseConnection();
  }

  // ---- 101 Switching Protocols ---------------------------------------------------------------

  @Override
  public void switchProtocols(Request request, Protocol next) {
    if (request != current || dead || headSent) {
      throw new IllegalStateException("cannot switch protocols for " + request
          + ": not the connection's current request, or its response has started");
    }
    Headers h = request.getResponseHeaders();
    h.remove("Content-Length");
    h.remove("Transfer-Encoding");
    h.remove("Connection");
    byte[] date = h.contains("Date") ? null : dates.dateLine(System.currentTimeMillis());
    byte[] server = h.contains("Server") ? null : serverLine;
    transport.write(ResponseHeadEncoder.encode(101, null, h, date, server,
        "Connection: Upgrade\r\n".getBytes(StandardCharsets.ISO_8859_1), null));
    cancelTimeout();
    current = null;
    switchedTo = next;
    try {
      site.log(request);
    } catch (RuntimeException e) {
      Log.err(e, "access log failed");
    }
    if (readPaused) {
      readPaused = false; // the new protocol decides when to pause, from a flowing start
      transport.resumeProducing();
    }
    next.setFactory(factory);
    next.makeConnection(transport);
    if (!processing) {
      handOverInput(); // switched later than the head was parsed: pipelined input is waiting
    }
  }

  /** Gives the bytes read after the upgrade request to the protocol switched to. */
  private void handOverInput() {
    if (inStart < inEnd) {
      byte[] rest = inStart == 0 && inEnd == in.length ? in : Arrays.copyOfRange(in, inStart, inEnd);
      in = null;
      inStart = inEnd = 0;
      if (switchedTo.isConnected()) {
        switchedTo.dataReceived(rest);
      }
    }
    in = null;
    inStart = inEnd = 0;
  }

  @Override
  public void registerProducer(Producer producer, boolean streaming) {
    transport.registerProducer(producer, streaming);
  }

  @Override
  public void unregisterProducer() {
    transport.unregisterProducer();
  }

  @Override
  public Address getPeer() {
    return transport.getPeer();
  }

  @Override
  public Address getHost() {
    return transport.getHost();
  }

  @Override
  public boolean isSecure() {
    return TransportSecurity.isSecure(transport);
  }

  @Override
  public void abortConnection() {
    dead = true;
    transport.abortConnection();
  }

  @Override
  public void pauseRequestBody() {
    if (streaming != null && !dead) {
      bodyPaused = true;
      pauseTimeout(); // a client held back by us is not idle
      processInput(); // pauses the transport (from inside the parser, the running loop stops)
    }
  }

  @Override
  public void resumeRequestBody() {
    if (streaming != null && bodyPaused && !dead) {
      bodyPaused = false;
      startTimeout();
      processInput();
    }
  }

  // ---- errors, timeouts, close ---------------------------------------------------------------

  private void badRequest(int status, String message) {
    dead = true;
    cancelTimeout();
    Request streamed = streaming;
    streaming = null;
    if (streamed != null) {
      streamed.streamedBodyEnded(Failure.of(new HttpParseException(status, message)));
      if (headSent) {
        transport.abortConnection(); // a response is under way: no room for an error page
        return;
      }
    }
    if (body != null) {
      body.close();
      body = null;
    }
    byte[] page = ("<html><head><title>" + status + " " + Http.phrase(status) + "</title></head>"
        + "<body><h1>" + Http.phrase(status) + "</h1><p>" + Html.escape(message) + "</p></body>"
        + "</html>\n").getBytes(StandardCharsets.UTF_8);
    Headers h = new Headers()
        .add("Content-Type", "text/html; charset=utf-8")
        .add("Content-Length", Integer.toString(page.length))
        .add("Connection", "close");
    transport.write(ResponseHeadEncoder.encode(status, null, h,
        dates.dateLine(System.currentTimeMillis()), serverLine, null, page));
    transport.loseConnection();
  }

  /**
   * Starts the idle timeout, or pushes it back. The call stays armed and is moved only when it
   * comes due early, so a busy keep-alive connection schedules and cancels nothing per request
   * (as Netty's IdleStateHandler): between requests this is a clock read and a field.
   */
  private void startTimeout() {
    double t = site.getTimeout();
    if (t <= 0 || dead) {
      return;
    }
    ReactorTime time = site.getReactorTime();
    timeoutAt = time.seconds() + t;
    if (timeoutCall == null || !timeoutCall.active()) {
      timeoutCall = time.callLater(t, this::timeoutDue);
    }
  }

  /** Stops the idle timeout counting (a request is being answered); the armed call finds nothing due. */
  private void pauseTimeout() {
    timeoutAt = Double.POSITIVE_INFINITY;
  }

  /** Stops the idle timeout for good: the connection is done with it. */
  private void cancelTimeout() {
    timeoutAt = Double.POSITIVE_INFINITY;
    if (timeoutCall != null && timeoutCall.active()) {
      timeoutCall.cancel();
    }
    timeoutCall = null;
  }

  private void timeoutDue() {
    timeoutCall = null;
    if (timeoutAt == Double.POSITIVE_INFINITY) {
      return; // paused: the next startTimeout arms it again
    }
    double left = timeoutAt - site.getReactorTime().seconds();
    if (left > 1e-3) { // pushed back since it was armed; a millisecond early counts as due
      timeoutCall = site.getReactorTime().callLater(left, this::timeoutDue);
      return;
    }
    timeoutAt = Double.POSITIVE_INFINITY;
    timedOut();
  }

  private void timedOut() {
    if (dead || (current != null && !(streamingMessage && !bodyPaused))) {
      return;
    }
    if (streamingMessage) {
      badRequest(Http.REQUEST_TIMEOUT, "timed out waiting for the request body");
      return;
    }
    if (!parser.isIdle() || inEnd > inStart) {
      badRequest(Http.REQUEST_TIMEOUT, "timed out waiting for the request");
    } else {
      dead = true;
      transport.loseConnection();
    }
  }

  @Override
  public void connectionLost(Failure reason) {
    if (switchedTo != null) {
      switchedTo.transportClosed(reason);
      return;
    }
    dead = true;
    cancelTimeout();
    if (closeCall != null && closeCall.active()) {
      closeCall.cancel();
    }
    in = null;
    inStart = inEnd = 0;
    if (body != null) {
      body.close();
      body = null;
    }
    Request r = current;
    current = null;
    if (r != null) {
      r.connectionLost(reason);
    }
    Request streamed = streaming;
    streaming = null;
    if (streamed != null) {
      streamed.streamedBodyEnded(reason); // a response already finished: the rest never came
    }
  }
}
