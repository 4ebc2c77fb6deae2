package dev.torsion.web.server;

import dev.torsion.internet.Address;
import dev.torsion.internet.ByteConsumer;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.IPv6Address;
import dev.torsion.internet.Log;
import dev.torsion.internet.Producer;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.internal.StreamConnection;
import dev.torsion.web.Headers;
import dev.torsion.web.Html;
import dev.torsion.web.Http;
import dev.torsion.web.internal.Authority;
import dev.torsion.web.internal.FormParser;
import dev.torsion.web.internal.Http1ServerConnection;
import dev.torsion.web.internal.MultipartParser;
import dev.torsion.web.internal.SpooledBuffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request and its response, as a resource sees it: Twisted's {@code
 * twisted.web.server.Request}.
 *
 * <p>Read the request (method, URI, path, args, headers, cookies, body), set the response code and
 * headers, then either return the body from {@link Resource#render} or return {@link
 * Site#NOT_DONE_YET} and later {@link #write} and {@link #finish}. The first write sends the
 * head; a response whose length is unknown then goes out chunked. The Request does not know which
 * protocol carries it: it talks to an {@link HttpChannel}.
 *
 * <pre>{@code
 * public byte[] renderGet(Request request) {
 *   request.setHeader("Content-Type", "text/plain");
 *   reactor.callLater(1, () -> { request.write("later\n".getBytes()); request.finish(); });
 *   return Site.NOT_DONE_YET;
 * }
 * }</pre>
 *
 * <p>All methods are for the reactor thread.
 */
public final class Request implements ByteConsumer {
  private final HttpChannel channel;
  private final Site site;
  private final String method;
  private final String uri;
  private final String clientProto;
  private final Headers requestHeaders;
  private final String path;
  private final SpooledBuffer content;

  private final Headers responseHeaders = new Headers();
  private Headers responseTrailers; // made when a resource first asks
  private Headers requestTrailers; // set by the channel when the body had trailer fields
  private int code = Http.OK;
  private String codeMessage;
  private List<String> prepath = new ArrayList<>();
  private List<String> postpath;
  private Map<String, List<String>> args;
  private List<FormFile> uploads = List.of();
  private Map<String, String> cookies;
  private Session session;
  private ContentEncoder encoder;
  private boolean startedWriting;
  private boolean finished;
  private boolean lost;
  private long sentLength;
  private List<Deferred<Void>> finishNotifications;
  private Producer producer;
  private boolean bodyStreamed;
  private boolean bodyEnded;
  private Failure bodyEndReason;
  private StreamingRequestBody.Receiver bodyReceiver;

  /**
   * A request read by {@code channel}; for protocol implementations and tests. {@code content}
   * may be null for a request without a body.
   */
  public Request(HttpChannel channel, Site site, String method, String uri, String clientProto,
      Headers requestHeaders, SpooledBuffer content) {
    this.channel = channel;
    this.site = site;
    this.method = method;
    this.uri = uri;
    this.clientProto = clientProto;
    this.requestHeaders = requestHeaders;
    this.content = content;
    this.path = pathOf(uri);
    this.postpath = splitPath(path);
  }

  private static String pathOf(String uri) {
    String p = uri;
    // absolute-form (RFC 9112 3.2.2): drop scheme and authority.
    int scheme = p.indexOf("://");
    if (scheme > 0 && p.indexOf('/') > scheme) {
      int slash = p.indexOf('/', scheme + 3);
      p = slash < 0 ? "/" : p.substring(slash);
    }
    int q = p.indexOf('?');
    if (q >= 0) {
      p = p.substring(0, q);
    }
    int h = p.indexOf('#');
    return h >= 0 ? p.substring(0, h) : p;
  }

  private static List<String> splitPath(String path) {
    List<String> out = new ArrayList<>();
    String p = path.startsWith("/") ? path.substring(1) : path;
    int i = 0;
    while (true) {
      int slash = p.indexOf('/', i);
      String seg = slash < 0 ? p.substring(i) : p.substring(i, slash);
      out.add(FormParser.unquote(seg));
      if (slash < 0) {
        return out;
      }
      i = slash + 1;
    }
  }

  // ---- the request -------------------------------------------------------------------------

  /** The method, such as "GET". */
  public String getMethod() {
    return method;
  }

  /** The request-target as sent, such as "/a/b?x=1". */
  public String getUri() {
    return uri;
  }

  /** The path part of the URI, still percent-encoded, such as "/a/b". */
  public String getPath() {
    return path;
  }

  /** "HTTP/1.1" or "HTTP/1.0" (or "HTTP/2" later). */
  public String getClientProto() {
    return clientProto;
  }

  /** The path segments already consumed by traversal (decoded): Twisted's {@code prepath}. */
  public List<String> getPrepath() {
    return prepath;
  }

  /** The path segments still to traverse (decoded): Twisted's {@code postpath}. */
  public List<String> getPostpath() {
    return postpath;
  }

  /** The arguments from the query string and a urlencoded or multipart form body. */
  public Map<String, List<String>> getArgs() {
    if (args == null) {
      args = new LinkedHashMap<>();
      int q = uri.indexOf('?');
      if (q >= 0) {
        FormParser.parseQuery(uri.substring(q + 1), args);
      }
    }
    return args;
  }

  /** The first value of argument {@code name}, or null. */
  public String getArg(String name) {
    List<String> v = getArgs().get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** The files uploaded in a multipart form, in order. */
  public List<FormFile> getUploads() {
    return uploads;
  }

  /** The first file uploaded under field {@code name}, or null. */
  public FormFile getUpload(String name) {
    for (FormFile f : uploads) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }

  public Headers getRequestHeaders() {
    return requestHeaders;
  }

  /** The first value of request header {@code name}, or null: Twisted's {@code getHeader}. */
  public String getHeader(String name) {
    return requestHeaders.getFirst(name);
  }

  /** The value of cookie {@code name} sent by the client, or null. */
  public String getCookie(String name) {
    if (cookies == null) {
      cookies = new LinkedHashMap<>();
      for (String header : requestHeaders.getAll("Cookie")) {
        for (String pair : header.split(";")) {
          int eq = pair.indexOf('=');
          if (eq > 0) {
            String value = pair.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
              value = value.substring(1, value.length() - 1);
            }
            cookies.putIfAbsent(pair.substring(0, eq).trim(), value);
          }
        }
      }
    }
    return cookies.get(name);
  }

  /**
   * The trailer fields that followed the request body (RFC 9110 6.5): a chunked body's trailer
   * section over HTTP/1.1, a HEADERS frame after the DATA over HTTP/2; empty when there were
   * none. Complete when a resource renders a request whose body was read whole, and for a
   * {@linkplain StreamingRequestBody streamed} body once its receiver has heard {@code
   * bodyEnded}. Never merged into {@link #getRequestHeaders()}.
   *
   * <pre>{@code
   * String checksum = request.getRequestTrailers().getFirst("Digest");
   * }</pre>
   */
  public Headers getRequestTrailers() {
    return requestTrailers != null ? requestTrailers : new Headers();
  }

  /** The request body from its start (empty when there was none). */
  public InputStream getContent() {
    return content == null ? InputStream.nullInputStream() : content.open();
  }

  /** The length of the request body in bytes (0 when there was none). */
  public long getContentLength() {
    return content == null ? 0 : content.size();
  }

  /** The request body as bytes. */
  public byte[] getContentBytes() {
    return content == null ? new byte[0] : content.bytes();
  }

  /** The Host header's value, or the local address when there is none. */
  public String getRequestHostname() {
    String host = getHeader("Host");
    if (host == null) {
      Address a = getHost();
      return a instanceof IPv4Address v4 ? v4.host() : a instanceof IPv6Address v6 ? v6.host() : "";
    }
    return Authority.withoutPort(host);
  }

  /** The client's address: Twisted's {@code getClientAddress}. */
  public Address getClientAddress() {
    return channel.getPeer();
  }

  /** This server's address for the connection. */
  public Address getHost() {
    return channel.getHost();
  }

  /** True when the request came over TLS. */
  public boolean isSecure() {
    return channel.isSecure();
  }

  /** The site serving this request. */
  public Site getSite() {
    return site;
  }

  /**
   * The session for this client, creating it (and setting its cookie) if there is none or it
   * expired.
   */
  public Session getSession() {
    if (session != null && !session.isExpired()) {
      return session;
    }
    String cookieName = isSecure() ? "TORSION_SECURE_SESSION" : "TORSION_SESSION";
    String uid = getCookie(cookieName);
    Session found = uid == null ? null : site.getSession(uid);
    if (found == null) {
      found = site.makeSession();
      addCookie(Cookie.of(cookieName, found.getUid()).path("/").httpOnly(true).secure(isSecure()));
    }
    found.touch();
    session = found;
    return found;
  }

  // ---- the response ------------------------------------------------------------------------

  public void setResponseCode(int code) {
    setResponseCode(code, null);
  }

  /** Sets the status code and, optionally, a reason phrase (null for the standard one). */
  public void setResponseCode(int code, String message) {
    if (code < 100 || code > 999) {
      throw new IllegalArgumentException("invalid status code " + code);
    }
    if (message != null && (message.indexOf('\r') >= 0 || message.indexOf('\n') >= 0)) {
      throw new IllegalArgumentException("CR or LF in reason phrase");
    }
    this.code = code;
    this.codeMessage = message;
  }

  public int getResponseCode() {
    return code;
  }

  /** The reason phrase that will be sent. */
  public String getResponsePhrase() {
    return codeMessage != null ? codeMessage : Http.phrase(code);
  }

  /** Sets a response header, replacing any with that name. */
  public void setHeader(String name, String value) {
    responseHeaders.set(name, value);
  }

  public Headers getResponseHeaders() {
    return responseHeaders;
  }

  /**
   * The trailer fields to send after the response body (RFC 9110 6.5), as gRPC sends its
   * {@code grpc-status}: set them any time before {@link #finish}. Over HTTP/2 they go out as a
   * last HEADERS frame ending the stream (RFC 9113 8.1); over HTTP/1.1 as the trailer section
   * of a chunked body (RFC 9112 7.1.2), so only when the body is chunked: a response of unknown
   * length to an HTTP/1.1 client, or one whose trailers were set before its head went out to a
   * request that said {@code TE: trailers}. Otherwise (a Content-Length body to a client that
   * did not ask, HTTP/1.0, HEAD, 204, 304) they are dropped. Fields that frame or route the
   * message (Content-Length, Transfer-Encoding, Host, Connection and the like, RFC 9110
   * 6.5.1) are never sent as trailers.
   *
   * <pre>{@code
   * request.write(message);
   * request.getResponseTrailers().set("grpc-status", "0");
   * request.finish();
   * }</pre>
   */
  public Headers getResponseTrailers() {
    if (responseTrailers == null) {
      responseTrailers = new Headers();
    }
    return responseTrailers;
  }

  /** True when a resource has set trailer fields for the response. */
  public boolean hasResponseTrailers() {
    return responseTrailers != null && responseTrailers.size() > 0;
  }

  /** Adds a Set-Cookie header. */
  public void addCookie(Cookie cookie) {
    responseHeaders.add("Set-Cookie", cookie.toSetCookie());
  }

  /** Sends a 302 to {@code url}: Twisted's {@code redirect}. */
  public void redirect(String url) {
    setResponseCode(Http.FOUND);
    setHeader("Location", url);
  }

  /** Encodes the body with {@code encoder} (gzip...) unless the head is already sent. */
  public void setContentEncoder(ContentEncoder encoder) {
    if (!startedWriting) {
      this.encoder = encoder;
    }
  }

  /** True once the head has been sent. */
  public boolean isStartedWriting() {
    return startedWriting;
  }

  public boolean isFinished() {
    return finished;
  }

  /** True once the client has gone away. */
  public boolean isLost() {
    return lost;
  }

  /** Bytes of body written so far (before content encoding). */
  public long getSentLength() {
    return sentLength;
  }

  /**
   * Writes a piece of the body; the first call sends the head. Ignored once the client has gone
   * away; an error after {@link #finish}.
   */
  @Override
  public void write(byte[] data) {
    if (finished) {
      throw new IllegalStateException("Request.write called after Request.finish");
    }
    if (lost) {
      return;
    }
    prepareHead();
    sentLength += data.length;
    if (encoder != null) {
      data = encoder.encode(data);
      if (data.length == 0 && startedWriting) {
        return;
      }
    }
    startedWriting = true;
    channel.writeResponse(this, data, false);
  }

  /** Ends the response. Ignored once the client has gone away. */
  public void finish() {
    if (finished) {
      throw new IllegalStateException("Request.finish called twice");
    }
    if (lost) {
      finished = true;
      return;
    }
    prepareHead();
    byte[] tail = encoder != null ? encoder.finish() : null;
    finishWith(tail);
  }

  /**
   * Writes {@code body} as the whole response and finishes, sending head and body together; what
   * {@link Site} does with the bytes a resource returns. Sets Content-Length when it can.
   */
  public void writeAndFinish(byte[] body) {
    if (finished) {
      throw new IllegalStateException("Request.finish called twice");
    }
    if (lost) {
      finished = true;
      return;
    }
    if (!startedWriting && encoder == null && !responseHeaders.contains("Content-Length")
        && !responseHeaders.contains("Transfer-Encoding")) {
      responseHeaders.set("Content-Length", Long.toString(body.length));
    }
    prepareHead();
    sentLength += body.length;
    if (encoder != null) {
      byte[] a = encoder.encode(body);
      byte[] b = encoder.finish();
      body = new byte[a.length + b.length];
      System.arraycopy(a, 0, body, 0, a.length);
      System.arraycopy(b, 0, body, a.length, b.length);
      if (!startedWriting) {
        responseHeaders.set("Content-Length", Integer.toString(body.length));
      }
    }
    finishWith(body);
  }

  private void finishWith(byte[] tail) {
    finished = true;
    startedWriting = true;
    if (producer != null) {
      unregisterProducer();
    }
    try {
      channel.writeResponse(this, tail, true);
    } finally {
      cleanup();
      fire(null);
    }
  }

  private void prepareHead() {
    if (startedWriting || encoder == null) {
      return;
    }
    if (!willEncode()) {
      encoder = null;
      return;
    }
    responseHeaders.set("Content-Encoding", encoder.name());
    responseHeaders.remove("Content-Length");
    responseHeaders.add("Vary", "Accept-Encoding");
  }

  /** Whether the body will go through the content encoder, as the head now stands. */
  private boolean willEncode() {
    // Ranges and cache validations describe the identity body: never encode those.
    return encoder != null && !(code == Http.PARTIAL_CONTENT || code == Http.NOT_MODIFIED
        || code == Http.NO_CONTENT || responseHeaders.contains("Content-Encoding")
        || responseHeaders.contains("Content-Range"));
  }

  /**
   * For {@link StaticFile}: the reactor on whose pool to open a file whose body {@link
   * #writeFile} may then send from the file itself, or null when it cannot (TLS, HTTP/2, a test
   * double, a body to encode, a response already started): then the bytes are read and written.
   */
  Reactor fileReactor() {
    if (lost || finished || startedWriting || willEncode()
        || !(channel instanceof Http1ServerConnection c)) {
      return null;
    }
    return c.fileReactor(this);
  }

  /**
   * Sends {@code count} bytes of {@code file} from {@code position} as the next piece of the
   * body, from the file (sendfile): only after {@link #fileReactor} said it may. Takes {@code
   * file}: the connection closes it when sent, or this closes it now if the client is gone.
   */
  void writeFile(FileChannel file, long position, long count) {
    if (finished) {
      throw new IllegalStateException("Request.writeFile called after Request.finish");
    }
    if (lost) {
      StreamConnection.closeQuietly(file);
      return;
    }
    prepareHead();
    sentLength += count;
    startedWriting = true;
    ((Http1ServerConnection) channel).writeFile(this, file, position, count);
  }

  /**
   * A Deferred that fires with null when the response is finished, or fails with the reason if
   * the connection is lost first: Twisted's {@code notifyFinish}.
   */
  public Deferred<Void> notifyFinish() {
    if (finished && !lost) {
      return Deferred.succeed(null);
    }
    if (lost) {
      return Deferred.fail(new dev.torsion.internet.ConnectionLost("client went away"));
    }
    Deferred<Void> d = new Deferred<>();
    if (finishNotifications == null) {
      finishNotifications = new ArrayList<>(1);
    }
    finishNotifications.add(d);
    return d;
  }

  private void fire(Failure failure) {
    List<Deferred<Void>> list = finishNotifications;
    finishNotifications = null;
    if (list == null) {
      return;
    }
    for (Deferred<Void> d : list) {
      if (failure == null) {
        d.callback(null);
      } else {
        d.errback(failure);
      }
    }
  }

  /** Attaches a producer that writes the body through {@link #write}. */
  @Override
  public void registerProducer(Producer producer, boolean streaming) {
    if (this.producer != null) {
      throw new IllegalStateException("a producer is already registered: " + this.producer);
    }
    this.producer = producer;
    if (lost) {
      producer.stopProducing();
      return;
    }
    channel.registerProducer(producer, streaming);
  }

  @Override
  public void unregisterProducer() {
    if (producer != null) {
      producer = null;
      if (!lost) {
        channel.unregisterProducer();
      }
    }
  }

  // ---- a streamed body (StreamingRequestBody) ----------------------------------------------

  /** True when the body is handed to a {@link StreamingRequestBody} resource as it arrives. */
  public boolean isBodyStreamed() {
    return bodyStreamed;
  }

  /**
   * Sets where the streamed body goes; if it has already ended, {@code receiver} hears so at
   * once. Only for a request whose {@link #isBodyStreamed() body is streamed}.
   */
  public void setBodyReceiver(StreamingRequestBody.Receiver receiver) {
    if (!bodyStreamed) {
      throw new IllegalStateException("the body of " + this + " is not streamed");
    }
    bodyReceiver = receiver;
    if (bodyEnded && receiver != null) {
      bodyReceiver = null;
      receiver.bodyEnded(bodyEndReason);
    }
  }

  /**
   * Stops reading the streamed body for now (the client connection's reading pauses, so TCP
   * slows the client down): for a receiver whose own consumer is full. A piece already read may
   * still arrive. Does nothing once the body has ended.
   */
  public void pauseBody() {
    if (bodyStreamed && !bodyEnded && !lost) {
      channel.pauseRequestBody();
    }
  }

  /** Reads the streamed body again after {@link #pauseBody()}. */
  public void resumeBody() {
    if (bodyStreamed && !bodyEnded && !lost) {
      channel.resumeRequestBody();
    }
  }

  /**
   * Answers 101 Switching Protocols with the response headers set so far and hands the
   * connection to {@code next} (a WebSocket, h2c): the HTTP/1.1 connection stops parsing, and
   * bytes that followed this request go to {@code next}. Over HTTP/2 only an extended CONNECT
   * ({@link #getConnectProtocol()} not null) can: it is answered 200 and its stream's DATA
   * becomes {@code next}'s connection (RFC 8441 5). Render returns {@link Site#NOT_DONE_YET}
   * after calling it. UnsupportedOperationException for any other HTTP/2 request.
   */
  public void switchProtocols(dev.torsion.internet.Protocol next) {
    setResponseCode(getConnectProtocol() != null ? Http.OK : 101);
    channel.switchProtocols(this, next);
  }

  /**
   * The protocol an HTTP/2 extended CONNECT asks to tunnel ({@code :protocol}, RFC 8441 4),
   * such as "websocket"; null for every other request, and always over HTTP/1.1.
   */
  public String getConnectProtocol() {
    return channel.getConnectProtocol();
  }

  // ---- for channels and the site -----------------------------------------------------------

  /** Called by the channel before rendering: the body follows through {@link #streamedBodyData}. */
  public void streamedBodyStarted() {
    bodyStreamed = true;
  }

  /**
   * Called by the channel with the trailer fields of the request body, before the request is
   * rendered (a body read whole) or before {@link #streamedBodyEnded} (a streamed one).
   */
  public void trailersReceived(Headers trailers) {
    requestTrailers = trailers;
  }

  /** Called by the channel with the next piece of a streamed body (the array is handed over). */
  public void streamedBodyData(byte[] data) {
    if (!bodyEnded && bodyReceiver != null) {
      bodyReceiver.bodyDataReceived(data);
    }
  }

  /** Called by the channel when a streamed body ends: {@code reason} null when it is complete. */
  public void streamedBodyEnded(Failure reason) {
    if (!bodyStreamed || bodyEnded) {
      return;
    }
    bodyEnded = true;
    bodyEndReason = reason;
    StreamingRequestBody.Receiver r = bodyReceiver;
    bodyReceiver = null;
    if (r != null) {
      r.bodyEnded(reason);
    }
  }

  /** Called by the channel when the connection goes away before the response finished. */
  public void connectionLost(Failure reason) {
    if (lost || finished) {
      streamedBodyEnded(reason);
      cleanup();
      return;
    }
    lost = true;
    streamedBodyEnded(reason); // after lost: the receiver's failure must not try to answer
    Producer p = producer;
    producer = null;
    if (p != null) {
      try {
        p.stopProducing();
      } catch (RuntimeException e) {
        Log.err(e, "producer failed to stop");
      }
    }
    cleanup();
    fire(reason);
  }

  /**
   * Parses a form body, if there is one; called by the channel before dispatch. Returns an error
   * message for a malformed body, or null.
   */
  public String parseForm() {
    if (content == null || content.size() == 0) {
      return null;
    }
    String type = getHeader("Content-Type");
    if (type == null) {
      return null;
    }
    String mime = type.split(";", 2)[0].trim();
    try {
      if (mime.equalsIgnoreCase("application/x-www-form-urlencoded")) {
        FormParser.parseQuery(new String(content.bytes(), StandardCharsets.UTF_8), getArgs());
      } else if (mime.equalsIgnoreCase("multipart/form-data")) {
        try (InputStream in = content.open()) {
          uploads = Collections.unmodifiableList(MultipartParser.parse(
              in, FormParser.headerParam(type, "boundary"), site.getUploadSpoolThreshold(),
              getArgs()));
        }
      }
      return null;
    } catch (MultipartParser.MalformedMultipart e) {
      return "malformed multipart body: " + e.getMessage();
    } catch (IOException | UncheckedIOException e) {
      return "cannot read body: " + e.getMessage();
    }
  }

  /**
   * Handles an exception from rendering: logs it, and answers 500 if nothing was sent yet, else
   * drops the connection (the response cannot be completed honestly).
   */
  public void processingFailed(Throwable error) {
    Log.err(error, "Exception rendering " + method + " " + uri);
    if (finished || lost) {
      return;
    }
    if (startedWriting) {
      channel.abortConnection();
      return;
    }
    encoder = null;
    responseHeaders.remove("Content-Length");
    responseHeaders.remove("Content-Encoding");
    setResponseCode(Http.INTERNAL_SERVER_ERROR);
    setHeader("Content-Type", "text/html; charset=utf-8");
    String detail = site.isDisplayTracebacks() ? "<pre>" + Html.escape(Failure.of(error)
        .getTraceback()) + "</pre>" : "An error occurred while processing the request.";
    writeAndFinish(ErrorPage.page(500, "Internal Server Error", detail));
  }

  private void cleanup() {
    if (content != null) {
      content.close();
    }
    for (FormFile f : uploads) {
      ((MultipartParser.SpooledFormFile) f).close();
    }
  }

  @Override
  public String toString() {
    return "Request[" + method + " " + uri + " " + clientProto + "]";
  }
}
