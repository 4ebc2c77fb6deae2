package dev.torsion.web.http2.internal;

import static dev.torsion.web.http2.internal.Http2.*;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.PushProducer;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.Transport;
import dev.torsion.web.Headers;
import dev.torsion.web.Http;
import dev.torsion.web.client.BodyProducer;
import dev.torsion.web.client.Response;
import dev.torsion.web.client.ResponseFailed;
import dev.torsion.web.internal.ClientConnection;
import dev.torsion.web.internal.ClientResponse;
import dev.torsion.web.internal.Http1Parser;
import dev.torsion.web.internal.TrailerFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The client side of one HTTP/2 connection (RFC 9113), negotiated by ALPN: many requests to one
 * origin at once, each on its own stream, for {@link dev.torsion.web.client.HttpAgent}'s pool.
 * Responses are the same {@link Response} objects as over HTTP/1.1 ({@code version()} says
 * "HTTP/2"), so redirects, decoding and cookies work on top unchanged.
 *
 * <pre>
 *   connectionMade: preface + SETTINGS + WINDOW_UPDATE ─▶ requests (odd stream ids) ...
 *   GOAWAY from the server: streams past its last id fail, the rest finish, then close
 * </pre>
 *
 * <p>Flow control both ways: request bodies go out only as the server's windows allow, their
 * producers paused while a stream holds more than {@value Http2ClientStream#HIGH_WATER} bytes;
 * response bodies are credited back (stream and connection windows) only as the application
 * reads them, so a paused body holds at most {@value #STREAM_WINDOW} bytes here.
 */
public final class Http2ClientConnection extends Protocol
    implements FrameReader.Listener, ClientConnection {
  /** Our receive window per stream (SETTINGS_INITIAL_WINDOW_SIZE). */
  static final int STREAM_WINDOW = 1 << 20;
  /** Our receive window for the whole connection, raised right after the preface. */
  static final int CONNECTION_WINDOW = 16 << 20;
  /** Consumed bytes credited back in WINDOW_UPDATEs of at least this much. */
  private static final int CREDIT_BATCH = 32 * 1024;
  /** Until the server's SETTINGS say otherwise (RFC 9113 5.1.2 leaves it unlimited). */
  private static final int ASSUMED_MAX_STREAMS = 100;
  // RFC 9113 8.2.2: connection-specific fields are not sent in HTTP/2.
  private static final Set<String> CONNECTION_FIELDS = Set.of("connection", "keep-alive",
      "proxy-connection", "transfer-encoding", "upgrade", "host", "content-length");

  private final ReactorTime time;
  private final Http1Parser.Limits limits;
  private final String scheme;
  private final FrameReader reader;
  private final HpackDecoder decoder;
  private final HpackEncoder encoder = new HpackEncoder();
  private final Map<Integer, Http2ClientStream> streams = new LinkedHashMap<>();
  private Consumer<Http2ClientConnection> onIdle;
  private Consumer<Http2ClientConnection> onClosed;

  private int nextStreamId = 1;
  private long peerMaxStreams = ASSUMED_MAX_STREAMS;
  private long peerInitialWindow = DEFAULT_WINDOW;
  private int peerMaxFrameSize = MIN_MAX_FRAME_SIZE;
  private long connSendWindow = DEFAULT_WINDOW;
  private int connUnacked;
  private boolean writePaused;
  private boolean flushing;
  private boolean goingAway;
  private boolean dead;
  private boolean lost;
  private List<Deferred<Void>> closeWaiters;

  private Deferred<ClientConnection> ready;

  /**
   * A connection for {@code scheme} ("https") whose responses are held to {@code limits};
   * {@code ready} fires with it once connected (and it closes if {@code ready} was cancelled).
   */
  public Http2ClientConnection(ReactorTime time, String scheme, Http1Parser.Limits limits,
      Deferred<ClientConnection> ready) {
    this.time = time;
    this.ready = ready;
    this.scheme = scheme;
    this.limits = limits;
    // A block or string a little past the limit fails only its request (checked per list
    // below); twice the limit is a connection error, as HPACK cannot skip what it never read.
    this.reader = new FrameReader(this, false, MIN_MAX_FRAME_SIZE,
        2 * limits.maxHeaderBytes() + 1024, 64);
    this.decoder = new HpackDecoder(4096, 2 * limits.maxHeaderBytes());
  }

  /** Sets what to call when the last open stream has ended, and when the connection closes. */
  public void setPoolCallbacks(Consumer<Http2ClientConnection> idle,
      Consumer<Http2ClientConnection> closed) {
    this.onIdle = idle;
    this.onClosed = closed;
  }

  ReactorTime time() {
    return time;
  }

  Transport transport() {
    return transport;
  }

  @Override
  public void connectionMade() {
    transport.registerProducer(new PushProducer() {
      @Override public void pauseProducing() {
        writePaused = true;
      }

      @Override public void resumeProducing() {
        writePaused = false;
        flush();
      }

      @Override public void stopProducing() {
        dead = true;
      }
    }, true);
    // RFC 9113 3.4: the preface, then SETTINGS; push off (8.4), our header and window sizes.
    transport.writeSequence(List.of(PREFACE,
        FrameWriter.settings(
            new int[] {SETTINGS_ENABLE_PUSH, SETTINGS_INITIAL_WINDOW_SIZE,
                SETTINGS_MAX_HEADER_LIST_SIZE},
            new long[] {0, STREAM_WINDOW, limits.maxHeaderBytes()}),
        FrameWriter.windowUpdate(0, CONNECTION_WINDOW - DEFAULT_WINDOW)));
    Deferred<ClientConnection> d = ready;
    ready = null;
    if (d != null) {
      if (d.called()) {
        close(); // the caller gave up (cancelled) while we were connecting
      } else {
        d.callback(this);
      }
    }
  }

  // ---- the pool's view ----------------------------------------------------------------------

  @Override
  public boolean isUsable() {
    return connected && !dead && !goingAway && !transport.isDisconnecting()
        && streams.size() < peerMaxStreams && nextStreamId > 0;
  }

  @Override
  public boolean isClosing() {
    return connected && transport.isDisconnecting();
  }

  /** True once the connection has closed. */
  public boolean isClosed() {
    return lost;
  }

  /** The number of requests in flight. */
  public int activeStreams() {
    return streams.size();
  }

  @Override
  public Deferred<Void> whenClosed() {
    if (lost || (!connected && transport != null)) {
      return Deferred.succeed(null);
    }
    if (closeWaiters == null) {
      closeWaiters = new ArrayList<>();
    }
    Deferred<Void> d = new Deferred<>();
    closeWaiters.add(d);
    return d;
  }

  /** Closes once the requests in flight have finished (GOAWAY NO_ERROR first, RFC 9113 6.8). */
  @Override
  public void close() {
    goingAway = true;
    if (streams.isEmpty() && connected && !transport.isDisconnecting()) {
      transport.write(FrameWriter.goAway(0, NO_ERROR, ""));
      transport.loseConnection();
    }
  }

  // ---- requests -----------------------------------------------------------------------------

  @Override
  public Deferred<Response> request(String method, String target, Headers headers,
      BodyProducer body, double readTimeout) {
    if (!isUsable()) {
      return Deferred.fail(new IllegalStateException("HTTP/2 connection not usable"));
    }
    int id = nextStreamId;
    nextStreamId += 2; // becomes negative past 2^31-1, which isUsable refuses (5.1.1)
    Http2ClientStream s =
        new Http2ClientStream(this, id, method.equals("HEAD"), readTimeout, peerInitialWindow);
    streams.put(id, s);
    Deferred<Response> d = new Deferred<>(cancelled -> {
      if (s.response == null && !s.ended) {
        resetStream(s, CANCEL);
        s.stopBody();
        s.ended = true;
      }
    });
    s.responseDeferred = d;

    // RFC 9113 8.3.1: the pseudo-header fields first; :authority stands in for Host.
    String authority = headers.getFirst("Host");
    encoder.header(":method", method).header(":scheme", scheme);
    if (authority != null) {
      encoder.header(":authority", authority);
    }
    encoder.header(":path", target);
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.nameAt(i).toLowerCase(Locale.ROOT);
      String value = headers.valueAt(i);
      if (CONNECTION_FIELDS.contains(name)
          || (name.equals("te") && !value.equalsIgnoreCase("trailers"))) {
        continue;
      }
      encoder.header(name, value);
    }
    if (body != null && body.length() >= 0) {
      encoder.header("content-length", Long.toString(body.length()));
    } else if (body == null
        && (method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))) {
      encoder.header("content-length", "0");
    }
    transport.writeSequence(FrameWriter.headers(id, encoder.take(), body == null,
        peerMaxFrameSize));
    if (body == null) {
      s.endSent = true;
    } else {
      s.startBody(body);
    }
    s.startReadTimeout();
    return d;
  }

  /**
   * Sends what the windows allow of every stream's queued body, and END_STREAM where a body is
   * done. Frames are at most the server's SETTINGS_MAX_FRAME_SIZE.
   */
  void flush() {
    if (flushing || writePaused || dead || !connected) {
      return;
    }
    flushing = true;
    try {
      for (Http2ClientStream s : new ArrayList<>(streams.values())) {
        while (!writePaused && !s.ended && !s.out.isEmpty()
            && s.sendWindow > 0 && connSendWindow > 0) {
          byte[] chunk = s.out.peek();
          int n = (int) Math.min(Math.min(chunk.length - s.outOffset, peerMaxFrameSize),
              Math.min(s.sendWindow, connSendWindow));
          boolean last = s.bodyDone && n == chunk.length - s.outOffset && s.out.size() == 1;
          transport.write(FrameWriter.data(s.id, chunk, s.outOffset, n, last));
          s.outOffset += n;
          s.sendWindow -= n;
          connSendWindow -= n;
          s.queued -= n;
          if (s.outOffset == chunk.length) {
            s.out.poll();
            s.outOffset = 0;
          }
          if (last) {
            s.endSent = true;
          }
          s.drained();
        }
        if (s.bodyDone && s.out.isEmpty() && !s.endSent && !s.ended && !writePaused) {
          s.endSent = true;
          transport.write(FrameWriter.data(s.id, new byte[0], 0, 0, true));
        }
      }
    } finally {
      flushing = false;
    }
  }

  // ---- frames from the server -----------------------------------------------------------------

  @Override
  public void dataReceived(byte[] data) {
    if (dead) {
      return;
    }
    try {
      reader.feed(data, 0, data.length);
    } catch (Http2Exception e) {
      connectionError(e.code(), e.getMessage());
    }
  }

  @Override
  public void headers(int streamId, boolean endStream, int dependency, boolean exclusive,
      byte[] block) throws Http2Exception {
    Http2ClientStream s = streams.get(streamId);
    boolean trailers = s != null && s.response != null;
    ResponseFields fields = new ResponseFields(trailers, limits.maxHeaderBytes(),
        limits.maxHeaderCount());
    try {
      // Every block is decoded, even for a stream we gave up, to keep the table in step.
      decoder.decode(block, 0, block.length, fields);
    } catch (HpackException e) {
      throw Http2Exception.connection(COMPRESSION_ERROR, e.getMessage());
    }
    if (s == null) {
      if ((streamId & 1) == 0 || streamId >= nextStreamId || nextStreamId < 0) {
        throw Http2Exception.connection(PROTOCOL_ERROR, "HEADERS on stream " + streamId
            + ", which this client never opened");
      }
      return; // a stream we reset or timed out: its late answer is dropped
    }
    s.startReadTimeout();
    // 8.1: a HEADERS frame after the response's own is its trailer section, ending the stream.
    if (trailers && !endStream) {
      throw Http2Exception.stream(streamId, PROTOCOL_ERROR, "second HEADERS without END_STREAM");
    }
    if (fields.malformed() != null) {
      throw Http2Exception.stream(streamId, PROTOCOL_ERROR, fields.malformed());
    }
    if (fields.tooLarge()) {
      resetStream(s, CANCEL);
      s.fail(new ResponseFailed("response " + (trailers ? "trailer" : "header")
          + " fields over the limit (" + limits.maxHeaderBytes() + " bytes, "
          + limits.maxHeaderCount() + " fields)"));
      return;
    }
    if (trailers) {
      // Kept apart from the head; fields that may not be trailers are dropped (RFC 9110 6.5.1).
      s.response.setTrailers(TrailerFields.received(fields.headers));
      s.finish();
      return;
    }
    int status = fields.status;
    Headers h = fields.headers;
    if (status < 0) {
      throw Http2Exception.stream(streamId, PROTOCOL_ERROR, "response without :status");
    }
    if (status < 200) {
      if (status == 101 || endStream) { // 8.6: no 101 in HTTP/2; 1xx never ends a stream
        throw Http2Exception.stream(streamId, PROTOCOL_ERROR, "status " + status);
      }
      return; // an interim response (103, 100): the final one follows
    }
    long length = -1;
    String cl = h.getFirst("content-length");
    if (cl != null) {
      try {
        length = Long.parseLong(cl);
      } catch (NumberFormatException e) {
        throw Http2Exception.stream(streamId, PROTOCOL_ERROR, "bad content-length " + cl);
      }
    }
    s.response = new ClientResponse(s, status, Http.phrase(status), "HTTP/2", h, length);
    s.response.pause(); // until the application asks for the body
    Deferred<Response> d = s.responseDeferred;
    s.responseDeferred = null;
    d.callback(s.response);
    if (endStream || s.head) {
      s.finish();
    }
  }

  @Override
  public void data(int streamId, boolean endStream, byte[] payload, int offset, int length,
      int flowLength) throws Http2Exception {
    Http2ClientStream s = streams.get(streamId);
    if (s == null || s.ended) {
      if (streamId >= nextStreamId && nextStreamId > 0) {
        throw Http2Exception.connection(PROTOCOL_ERROR, "DATA on idle stream " + streamId);
      }
      creditConnection(flowLength, false); // 6.9: still counts against the connection
      return;
    }
    if (s.response == null) {
      throw Http2Exception.stream(streamId, PROTOCOL_ERROR, "DATA before the response HEADERS");
    }
    s.startReadTimeout();
    s.recvUnacked += flowLength;
    if (s.recvUnacked > STREAM_WINDOW) {
      throw Http2Exception.stream(streamId, FLOW_CONTROL_ERROR, "stream window exceeded");
    }
    s.received += length;
    if (s.received > limits.maxBody()) {
      resetStream(s, CANCEL);
      s.fail(new ResponseFailed("response body larger than " + limits.maxBody() + " bytes"));
      return;
    }
    if (length > 0 && !s.head) {
      s.response.receive(Arrays.copyOfRange(payload, offset, offset + length));
    }
    if (endStream) {
      s.finish();
    } else if (!s.isPaused()) {
      credit(s, false);
    }
  }

  /** Credits back what the application has read of {@code s} (batched unless {@code now}). */
  void credit(Http2ClientStream s, boolean now) {
    if (s.ended || s.recvUnacked == 0 || (!now && s.recvUnacked < CREDIT_BATCH) || dead) {
      return;
    }
    int n = s.recvUnacked;
    s.recvUnacked = 0;
    transport.write(FrameWriter.windowUpdate(s.id, n));
    creditConnection(n, now);
  }

  private void creditConnection(int n, boolean now) {
    connUnacked += n;
    if (connUnacked > 0 && (now || connUnacked >= CREDIT_BATCH) && connected && !dead) {
      transport.write(FrameWriter.windowUpdate(0, connUnacked));
      connUnacked = 0;
    }
  }

  @Override
  public void priority(int streamId, int dependency, boolean exclusive) {}

  @Override
  public void rstStream(int streamId, int errorCode) {
    Http2ClientStream s = streams.remove(streamId);
    if (s == null) {
      return;
    }
    creditConnection(s.recvUnacked, false);
    if (errorCode == NO_ERROR && s.response != null) {
      // 8.1: a complete response, and the server wants no more of our body.
      s.finish();
    } else {
      s.fail(new ResponseFailed("stream reset by the server: " + errorName(errorCode)));
    }
    becameIdleMaybe();
  }

  @Override
  public void settings(boolean ack, int[] ids, long[] values) throws Http2Exception {
    if (ack) {
      return;
    }
    for (int i = 0; i < ids.length; i++) {
      long v = values[i];
      switch (ids[i]) {
        case SETTINGS_MAX_CONCURRENT_STREAMS -> peerMaxStreams = v;
        case SETTINGS_INITIAL_WINDOW_SIZE -> {
          if (v > MAX_WINDOW) {
            throw Http2Exception.connection(FLOW_CONTROL_ERROR, "SETTINGS_INITIAL_WINDOW_SIZE " + v);
          }
          long delta = v - peerInitialWindow; // 6.9.2: applies to open streams, may go negative
          peerInitialWindow = v;
          for (Http2ClientStream s : streams.values()) {
            s.sendWindow += delta;
            if (s.sendWindow > MAX_WINDOW) {
              throw Http2Exception.connection(FLOW_CONTROL_ERROR, "stream window overflow");
            }
          }
        }
        case SETTINGS_MAX_FRAME_SIZE -> {
          if (v < MIN_MAX_FRAME_SIZE || v > MAX_MAX_FRAME_SIZE) {
            throw Http2Exception.connection(PROTOCOL_ERROR, "SETTINGS_MAX_FRAME_SIZE " + v);
          }
          peerMaxFrameSize = (int) v;
        }
        case SETTINGS_ENABLE_PUSH -> {
          if (v != 0) { // 6.5.2: a server must not send anything but 0
            throw Http2Exception.connection(PROTOCOL_ERROR, "SETTINGS_ENABLE_PUSH " + v);
          }
        }
        case SETTINGS_ENABLE_CONNECT_PROTOCOL -> {
          if (v > 1) { // RFC 8441 3: only 0 or 1
            throw Http2Exception.connection(PROTOCOL_ERROR,
                "SETTINGS_ENABLE_CONNECT_PROTOCOL " + v);
          }
        }
        default -> { } // header table size (our encoder keeps no table), unknown: ignored
      }
    }
    transport.write(FrameWriter.settingsAck());
    flush();
  }

  @Override
  public void ping(boolean ack, long opaque) {
    if (!ack) {
      transport.write(FrameWriter.ping(true, opaque));
    }
  }

  @Override
  public void goAway(int lastStreamId, int errorCode, byte[] debug) {
    goingAway = true;
    // 6.8: streams past the last one were never processed; the others may still finish.
    for (Http2ClientStream s : new ArrayList<>(streams.values())) {
      if (s.id > lastStreamId) {
        streams.remove(s.id);
        s.fail(new ResponseFailed("the server is going away (GOAWAY " + errorName(errorCode)
            + "); this request was not processed"));
      }
    }
    if (onClosed != null) {
      onClosed.accept(this); // no new requests here: the pool forgets it now
    }
    becameIdleMaybe();
  }

  @Override
  public void windowUpdate(int streamId, int increment) throws Http2Exception {
    if (increment == 0) {
      if (streamId == 0) {
        throw Http2Exception.connection(PROTOCOL_ERROR, "WINDOW_UPDATE of 0");
      }
      throw Http2Exception.stream(streamId, PROTOCOL_ERROR, "WINDOW_UPDATE of 0");
    }
    if (streamId == 0) {
      connSendWindow += increment;
      if (connSendWindow > MAX_WINDOW) {
        throw Http2Exception.connection(FLOW_CONTROL_ERROR, "connection window overflow");
      }
    } else {
      Http2ClientStream s = streams.get(streamId);
      if (s == null) {
        return;
      }
      s.sendWindow += increment;
      if (s.sendWindow > MAX_WINDOW) {
        throw Http2Exception.stream(streamId, FLOW_CONTROL_ERROR, "stream window overflow");
      }
    }
    flush();
  }

  @Override
  public void streamError(Http2Exception e) {
    Http2ClientStream s = streams.get(e.streamId());
    if (s != null) {
      resetStream(s, e.code());
      s.fail(new ResponseFailed("invalid response: " + e.getMessage()));
    } else if (connected && !dead) {
      transport.write(FrameWriter.rstStream(e.streamId(), e.code()));
    }
  }

  // ---- stream ends --------------------------------------------------------------------------

  /** Resets {@code s} (RST_STREAM {@code code}) and forgets it. */
  void resetStream(Http2ClientStream s, int code) {
    if (streams.remove(s.id) == null) {
      return;
    }
    if (connected && !dead) {
      transport.write(FrameWriter.rstStream(s.id, code));
    }
    creditConnection(s.recvUnacked, false);
    s.recvUnacked = 0;
    becameIdleMaybe();
  }

  /** {@code s} ended normally; a body still being sent is cut off by a reset (8.1). */
  void streamEnded(Http2ClientStream s, boolean stillSending) {
    if (stillSending) {
      resetStream(s, CANCEL);
      return;
    }
    streams.remove(s.id);
    creditConnection(s.recvUnacked, false);
    s.recvUnacked = 0;
    becameIdleMaybe();
  }

  private void becameIdleMaybe() {
    if (!streams.isEmpty() || !connected) {
      return;
    }
    if (goingAway) {
      close();
    } else if (onIdle != null) {
      onIdle.accept(this);
    }
  }

  private void connectionError(int code, String message) {
    if (dead) {
      return;
    }
    dead = true;
    transport.write(FrameWriter.goAway(0, code, message));
    failAll(new ResponseFailed("HTTP/2 connection error: " + message));
    transport.loseConnection();
  }

  private void failAll(Throwable error) {
    List<Http2ClientStream> all = new ArrayList<>(streams.values());
    streams.clear();
    for (Http2ClientStream s : all) {
      s.fail(error);
    }
  }

  @Override
  public void connectionLost(Failure reason) {
    lost = true;
    dead = true;
    failAll(new ResponseFailed("connection lost during the exchange", reason.value()));
    if (onClosed != null) {
      onClosed.accept(this);
    }
    List<Deferred<Void>> waiters = closeWaiters;
    closeWaiters = null;
    if (waiters != null) {
      for (Deferred<Void> w : waiters) {
        w.callback(null);
      }
    }
  }

  private static String errorName(int code) {
    String[] names = {"NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR",
        "SETTINGS_TIMEOUT", "STREAM_CLOSED", "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL",
        "COMPRESSION_ERROR", "CONNECT_ERROR", "ENHANCE_YOUR_CALM", "INADEQUATE_SECURITY",
        "HTTP_1_1_REQUIRED"};
    return code >= 0 && code < names.length ? names[code] : "0x" + Integer.toHexString(code);
  }

  @Override
  public String toString() {
    return "Http2ClientConnection[" + (transport == null ? "unconnected" : transport.getPeer())
        + ", " + streams.size() + " streams]";
  }
}
