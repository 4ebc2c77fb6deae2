package dev.torsion.web.http2.internal;

import static dev.torsion.web.http2.internal.Http2.*;

import dev.torsion.internet.Address;
import dev.torsion.internet.ConnectionDone;
import dev.torsion.internet.ConnectionLost;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Log;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.PushProducer;
import dev.torsion.internet.ssl.TLSTransport;
import dev.torsion.web.Headers;
import dev.torsion.web.Http;
import dev.torsion.web.http2.Http2Limits;
import dev.torsion.web.internal.Ascii;
import dev.torsion.web.internal.DateCache;
import dev.torsion.web.internal.SpooledBuffer;
import dev.torsion.web.internal.TrailerFields;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import dev.torsion.web.server.StreamingRequestBody;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server side of one HTTP/2 connection (RFC 9113): reads frames, keeps stream states and
 * both flow-control windows, turns each request stream into a {@link Request} for the site and
 * frames its response. Every resource works unchanged; {@link Request#getClientProto()} says
 * "HTTP/2".
 *
 * <pre>
 *   connectionMade: send SETTINGS ─▶ preface + SETTINGS read ─▶ streams ... ─▶ GOAWAY ─▶ close
 *   timers: SETTINGS ACK (10 s), idle while no stream is open (the site's timeout)
 * </pre>
 *
 * <p>Defences (see {@link Http2Limits}): streams past SETTINGS_MAX_CONCURRENT_STREAMS are
 * refused; header blocks are bounded in bytes and CONTINUATION frames; resets, control frames
 * and empty frames each have a budget whose overrun ends the connection with
 * ENHANCE_YOUR_CALM. Input is read only as fast as the request bodies are consumed: stream
 * windows are credited back as the resource takes the data.
 *
 * <p>Frames are gathered and handed to the transport once per batch (one call in, or the end
 * of the reactor's turn), at most {@code MAX_GATHERED} bytes at a time: docs/design/http2.md,
 * "Write batching".
 */
public final class Http2ServerConnection extends Protocol
    implements FrameReader.Listener, dev.torsion.internet.GracefulClose {
  private enum Ended { BY_PEER_RESET, BY_OUR_RESET, NORMALLY }

  private static final int REMEMBERED_CLOSED = 256;

  /**
   * How long a tunnel (RFC 8441) that sent END_STREAM waits for the peer's before it is reset
   * with CANCEL: the WebSocket close handshake is over by then, so the peer's END_STREAM is due
   * at once; this only bounds a peer that never sends it.
   */
  static final double TUNNEL_LINGER_SECONDS = 10.0;

  private final Site site;
  private final Http2Limits limits;
  private final long maxHeaderList;
  private final int maxHeaderCount;
  private final FrameReader reader;
  private final HpackDecoder decoder;
  private final HpackEncoder encoder = new HpackEncoder();
  private final DateCache dates = new DateCache();
  private final Map<Integer, ServerStream> streams = new LinkedHashMap<>();
  private final Map<Integer, Ended> recentlyClosed = new LinkedHashMap<>(64, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Integer, Ended> e) {
      return size() > REMEMBERED_CLOSED;
    }
  };
  private FloodBudget resets;
  private FloodBudget controlFrames;
  private FloodBudget emptyFrames;

  private int lastStreamId;
  private long peerInitialWindow = DEFAULT_WINDOW;
  private int peerMaxFrameSize = MIN_MAX_FRAME_SIZE;
  private long connSendWindow = DEFAULT_WINDOW;
  private long connRecvWindow = DEFAULT_WINDOW;
  private int connRecvUnacked;
  private boolean writePaused;
  private boolean flushing;
  private boolean goAwaySent;
  private boolean dead;
  private DelayedCall settingsTimer;
  private DelayedCall idleTimer;
  private ServerStream upgraded;

  /**
   * Past this many gathered bytes the frames go to the transport at once rather than at the end
   * of the batch: the transport's default high-water mark, so that its backpressure (pausing our
   * producer, which stops DATA) sees them as before and a batch holds at most this plus a frame.
   */
  static final int MAX_GATHERED = 64 * 1024;

  /** Frames written since the last hand-over to the transport, in wire order. */
  private List<byte[]> gathered = new ArrayList<>();
  private int gatheredBytes;
  /** Depth of the batches under way (dataReceived, connectionMade, ...); frames wait for the end. */
  private int batchDepth;
  /** The end-of-turn hand-over of frames gathered outside a batch, while one is due. */
  private DelayedCall endOfTurn;
  /** Set once the transport was asked to close: later frames go to it as written, as before. */
  private boolean closing;

  public Http2ServerConnection(Site site, Http2Limits limits) {
    this.site = site;
    this.limits = limits;
    this.maxHeaderList = site.parserLimits().maxHeaderBytes();
    this.maxHeaderCount = site.parserLimits().maxHeaderCount();
    this.reader = new FrameReader(this, true, limits.maxFrameSize(), limits.maxHeaderBlock(),
        limits.maxContinuations());
    this.decoder = new HpackDecoder(limits.headerTableSize(), limits.maxHeaderBlock());
  }

  // ---- connection life ------------------------------------------------------------------------

  @Override
  public void connectionMade() {
    beginBatch();
    try {
      made();
    } finally {
      endBatch();
    }
  }

  private void made() {
    var time = site.getReactorTime();
    resets = new FloodBudget(limits.maxResets(), limits.resetWindowSeconds(), time);
    controlFrames = new FloodBudget(limits.maxControlFrames(), 10, time);
    emptyFrames = new FloodBudget(limits.maxEmptyFrames(), 10, time);
    transport.registerProducer(new PushProducer() {
      @Override public void pauseProducing() {
        writePaused = true;
      }

      @Override public void resumeProducing() {
        writePaused = false;
        beginBatch();
        try {
          flush();
        } finally {
          endBatch();
        }
      }

      @Override public void stopProducing() {
        dead = true;
      }
    }, true);
    // 3.4: the server preface is a SETTINGS frame. RFC 8441 3: we take extended CONNECT.
    List<Integer> ids = new ArrayList<>(List.of(SETTINGS_MAX_CONCURRENT_STREAMS,
        SETTINGS_ENABLE_PUSH, SETTINGS_MAX_HEADER_LIST_SIZE, SETTINGS_ENABLE_CONNECT_PROTOCOL));
    List<Long> values = new ArrayList<>(List.of((long) limits.maxConcurrentStreams(), 0L,
        maxHeaderList, 1L));
    if (limits.initialWindowSize() != DEFAULT_WINDOW) {
      ids.add(SETTINGS_INITIAL_WINDOW_SIZE);
      values.add((long) limits.initialWindowSize());
    }
    if (limits.headerTableSize() != 4096) {
      ids.add(SETTINGS_HEADER_TABLE_SIZE);
      values.add((long) limits.headerTableSize());
    }
    send(FrameWriter.settings(ids.stream().mapToInt(Integer::intValue).toArray(),
        values.stream().mapToLong(Long::longValue).toArray()));
    if (limits.settingsTimeout() > 0) {
      settingsTimer = time.callLater(limits.settingsTimeout(),
          () -> connectionError(SETTINGS_TIMEOUT, "SETTINGS not acknowledged in time"));
    }
    startIdleTimer();
    if (upgraded != null) {
      streams.put(upgraded.id, upgraded);
      lastStreamId = upgraded.id;
      cancelIdleTimer();
      String formError = upgraded.request.parseForm();
      if (formError != null) {
        badForm(upgraded.request, formError);
      } else {
        site.render(upgraded.request);
      }
    }
  }

  /**
   * The HTTP/1.1 Upgrade to h2c (RFC 7540 3.2, a note in RFC 9113 3.1): applies the client's
   * HTTP2-Settings, a SETTINGS payload read as a SETTINGS frame would be and acknowledged by the
   * 101 itself (3.2.1), then makes the request that asked for the upgrade stream 1, half-closed
   * (remote) since its body, if any, came whole over HTTP/1.1; it is answered over HTTP/2 once
   * connected. Call before the connection is made, with a payload {@link
   * #checkUpgradeSettings} accepts.
   */
  public void setUpgradedRequest(byte[] settingsPayload, String method, String target,
      Headers headers, SpooledBuffer body) throws Http2Exception {
    UpgradeSettings settings = checkUpgradeSettings(settingsPayload);
    applySettings(settings.ids(), settings.values());
    ServerStream s = new ServerStream(1, this, peerInitialWindow, limits.initialWindowSize());
    s.remoteClosed = true;
    s.request = new Request(s, site, method, target, "HTTP/2", headers, body);
    upgraded = s;
  }

  /** The settings an HTTP2-Settings field carried. */
  public record UpgradeSettings(int[] ids, long[] values) {}

  /**
   * Reads an HTTP2-Settings payload (decoded from base64url) as a SETTINGS frame's would be.
   *
   * <pre>
   *   settings payload: ( identifier (16) | value (32) ) * n        (RFC 9113 6.5.1)
   * </pre>
   *
   * @throws Http2Exception when it is not a whole number of settings, or a value is one a
   *     SETTINGS frame could not carry (6.5.2)
   */
  public static UpgradeSettings checkUpgradeSettings(byte[] payload) throws Http2Exception {
    if (payload.length % 6 != 0) {
      throw Http2Exception.connection(FRAME_SIZE_ERROR,
          "HTTP2-Settings of " + payload.length + " bytes is not a list of settings");
    }
    int n = payload.length / 6;
    int[] ids = new int[n];
    long[] values = new long[n];
    for (int i = 0, p = 0; i < n; i++, p += 6) {
      ids[i] = (payload[p] & 0xff) << 8 | payload[p + 1] & 0xff;
      values[i] = (payload[p + 2] & 0xffL) << 24 | (payload[p + 3] & 0xff) << 16
          | (payload[p + 4] & 0xff) << 8 | payload[p + 5] & 0xff;
    }
    checkSettings(ids, values);
    return new UpgradeSettings(ids, values);
  }

  @Override
  public void dataReceived(byte[] data) {
    if (dead) {
      return;
    }
    beginBatch();
    try {
      reader.feed(data, 0, data.length);
    } catch (Http2Exception e) {
      connectionError(e.code(), e.getMessage());
    } finally {
      endBatch();
    }
  }

  @Override
  public void connectionLost(Failure reason) {
    dead = true;
    closing = true; // what the streams still write now goes to the transport, which drops it
    gathered = new ArrayList<>();
    gatheredBytes = 0;
    if (endOfTurn != null && endOfTurn.active()) {
      endOfTurn.cancel();
    }
    endOfTurn = null;
    cancelIdleTimer();
    if (shutdownTimer != null && shutdownTimer.active()) {
      shutdownTimer.cancel();
    }
    shutdownTimer = null;
    if (settingsTimer != null && settingsTimer.active()) {
      settingsTimer.cancel();
    }
    List<ServerStream> live = new ArrayList<>(streams.values());
    streams.clear();
    for (ServerStream s : live) {
      lose(s, reason);
    }
  }

  private void lose(ServerStream s, Failure reason) {
    s.closed = true;
    cancelLinger(s);
    s.discardOutput();
    if (s.body != null) {
      s.body.close();
      s.body = null;
    }
    if (s.tunnel != null && s.tunnel.attached()) {
      s.tunnel.closed(reason); // the Request was answered (200) when the tunnel opened
    } else if (s.request != null) {
      s.request.connectionLost(reason);
    }
  }

  private static void cancelLinger(ServerStream s) {
    if (s.linger != null && s.linger.active()) {
      s.linger.cancel();
    }
    s.linger = null;
  }

  /** How long a client has to see the first shutdown GOAWAY before the final one. */
  static final double SHUTDOWN_GRACE_SECONDS = 1.0;

  private DelayedCall shutdownTimer;

  /**
   * A graceful shutdown as RFC 9113 6.8 describes it: a first GOAWAY with the largest stream id
   * tells the client to open no more streams, without refusing those already on the wire; a
   * grace later the final GOAWAY names the last stream really taken (the client may retry any
   * above it elsewhere), and the connection closes once the streams it took have ended.
   *
   * <pre>
   *   closeGracefully ─▶ GOAWAY(2^31-1, NO_ERROR) ─(grace)─▶ GOAWAY(last, NO_ERROR) ─▶ streams end ─▶ close
   * </pre>
   */
  @Override
  public void closeGracefully() {
    if (dead || goAwaySent || shutdownTimer != null) {
      return;
    }
    send(FrameWriter.goAway(Integer.MAX_VALUE, NO_ERROR, "shutting down"));
    writeGathered();
    shutdownTimer = site.getReactorTime().callLater(SHUTDOWN_GRACE_SECONDS, () -> {
      shutdownTimer = null;
      if (dead || goAwaySent) {
        return;
      }
      goAwaySent = true;
      send(FrameWriter.goAway(lastStreamId, NO_ERROR, "shutting down"));
      if (streams.isEmpty()) {
        dead = true;
        cancelIdleTimer();
        closeTransport();
      } else {
        writeGathered();
      }
    });
  }

  /** 5.4.1: GOAWAY with the last stream we processed, then close. */
  void connectionError(int code, String message) {
    if (dead) {
      return;
    }
    dead = true;
    goAwaySent = true;
    send(FrameWriter.goAway(lastStreamId, code, message));
    closeTransport();
  }

  private void startIdleTimer() {
    double t = site.getTimeout();
    if (t <= 0 || dead || !streams.isEmpty()) {
      return;
    }
    if (idleTimer != null && idleTimer.active()) {
      idleTimer.reset(t);
    } else {
      idleTimer = site.getReactorTime().callLater(t, () -> {
        if (streams.isEmpty() && !dead) {
          dead = true;
          send(FrameWriter.goAway(lastStreamId, NO_ERROR, "idle"));
          closeTransport();
        }
      });
    }
  }

  private void cancelIdleTimer() {
    if (idleTimer != null && idleTimer.active()) {
      idleTimer.cancel();
    }
    idleTimer = null;
  }

  private void spendControl() throws Http2Exception {
    if (!controlFrames.spend()) {
      throw Http2Exception.connection(ENHANCE_YOUR_CALM, "too many control frames");
    }
  }

  // ---- frames in ------------------------------------------------------------------------------

  private boolean isIdle(int streamId) {
    return (streamId & 1) == 0 ? streamId > 0 : streamId > lastStreamId;
  }

  @Override
  public void headers(int streamId, boolean endStream, int dependency, boolean exclusive,
      byte[] block) throws Http2Exception {
    if ((streamId & 1) == 0) {
      throw Http2Exception.connection(PROTOCOL_ERROR, "HEADERS on even stream " + streamId);
    }
    ServerStream s = streams.get(streamId);
    if (s != null) {
      trailers(s, endStream, block);
      return;
    }
    if (streamId <= lastStreamId) {
      Ended how = recentlyClosed.get(streamId);
      decode(block, new RequestFields(true, true, maxHeaderList, Integer.MAX_VALUE));
      if (how == Ended.BY_OUR_RESET) {
        return; // 5.4.2: frames in flight on a stream we reset are ignored
      }
      if (how != null) {
        throw Http2Exception.connection(STREAM_CLOSED, "HEADERS on closed stream " + streamId);
      }
      throw Http2Exception.connection(PROTOCOL_ERROR,
          "stream " + streamId + " is not above the last stream " + lastStreamId);
    }
    lastStreamId = streamId;
    // We advertised SETTINGS_ENABLE_CONNECT_PROTOCOL in our first frame (RFC 8441 3).
    RequestFields fields = new RequestFields(false, true, maxHeaderList, maxHeaderCount);
    decode(block, fields);
    if (block.length == 0 && !endStream && !emptyFrames.spend()) {
      throw Http2Exception.connection(ENHANCE_YOUR_CALM, "too many empty frames");
    }
    if (goAwaySent) {
      return;
    }
    if (dependency == streamId) {
      throw Http2Exception.stream(streamId, PROTOCOL_ERROR, "stream depends on itself");
    }
    if (streams.size() >= limits.maxConcurrentStreams()) {
      throw Http2Exception.stream(streamId, REFUSED_STREAM,
          "over SETTINGS_MAX_CONCURRENT_STREAMS " + limits.maxConcurrentStreams());
    }
    String problem = fields.problem();
    if (problem != null) {
      throw Http2Exception.stream(streamId, PROTOCOL_ERROR, problem);
    }
    openStream(streamId, endStream, fields);
  }

  private void decode(byte[] block, RequestFields fields) throws Http2Exception {
    try {
      decoder.decode(block, 0, block.length, fields);
    } catch (HpackException e) {
      throw Http2Exception.connection(COMPRESSION_ERROR, e.getMessage());
    }
  }

  private void openStream(int streamId, boolean endStream, RequestFields f)
      throws Http2Exception {
    ServerStream s = new ServerStream(streamId, this, peerInitialWindow,
        limits.initialWindowSize());
    Headers headers = f.headers;
    if (f.authority != null && !headers.contains("host")) {
      headers.add("host", f.authority);
    }
    String cl = headers.getFirst("content-length");
    if (cl != null) {
      s.contentLength = Ascii.decimal(cl);
      if (s.contentLength < 0 || headers.getAll("content-length").size() > 1) {
        throw Http2Exception.stream(streamId, PROTOCOL_ERROR, "bad content-length " + cl);
      }
    }
    String target = f.method.equals("CONNECT") && f.path == null ? f.authority : f.path;
    streams.put(streamId, s);
    cancelIdleTimer();
    if (f.tooLarge()) {
      s.remoteClosed = endStream;
      s.request = new Request(s, site, f.method, target, "HTTP/2", headers, null);
      s.request.setResponseCode(Http.REQUEST_HEADER_FIELDS_TOO_LARGE);
      s.request.setHeader("Content-Type", "text/plain; charset=utf-8");
      s.request.writeAndFinish("request header fields too large\n".getBytes(StandardCharsets.UTF_8));
      return;
    }
    if (f.protocol != null) {
      // RFC 8441 5: an extended CONNECT is rendered at once; if its resource accepts, the
      // stream becomes a tunnel, and DATA that comes before that waits, uncredited.
      s.remoteClosed = endStream;
      s.connectProtocol = f.protocol;
      s.tunnel = new StreamTransport(s, this, site.getReactorTime());
      if (endStream) {
        s.tunnel.peerEnded(); // a tunnel with nothing to say: it ends once it is open
      }
      s.request = new Request(s, site, f.method, target, "HTTP/2", headers, null);
      site.render(s.request);
      return;
    }
    if (endStream) {
      s.remoteClosed = true;
      s.request = new Request(s, site, f.method, target, "HTTP/2", headers, null);
      site.render(s.request);
      return;
    }
    Request probe = new Request(s, site, f.method, target, "HTTP/2", headers, null);
    Resource resource = null;
    try {
      if (site.getResourceFor(probe) instanceof StreamingRequestBody sb
          && sb.streamingBodyLimit(probe) >= 0) {
        resource = (Resource) sb;
      }
    } catch (RuntimeException e) {
      // not streamed: the spooled request meets (and reports) the error again when rendered
    }
    if (resource != null) {
      s.streamingBody = true;
      s.request = probe;
      probe.streamedBodyStarted();
      site.render(probe, resource);
    } else {
      s.body = new SpooledBuffer(site.getBodySpoolThreshold());
      s.request = new Request(s, site, f.method, target, "HTTP/2", headers, s.body);
    }
  }

  // 8.1: a second HEADERS carries trailers and must end the stream.
  private void trailers(ServerStream s, boolean endStream, byte[] block) throws Http2Exception {
    RequestFields f = new RequestFields(true, true, maxHeaderList, maxHeaderCount);
    decode(block, f);
    if (s.remoteClosed) {
      throw Http2Exception.stream(s.id, STREAM_CLOSED, "HEADERS after END_STREAM");
    }
    if (!endStream) {
      throw Http2Exception.stream(s.id, PROTOCOL_ERROR, "trailers without END_STREAM");
    }
    if (f.problem() != null) {
      throw Http2Exception.stream(s.id, PROTOCOL_ERROR, f.problem());
    }
    if (s.request != null) {
      s.request.trailersReceived(f.headers);
    }
    remoteEnded(s);
  }

  @Override
  public void data(int streamId, boolean endStream, byte[] payload, int offset, int length,
      int flowLength) throws Http2Exception {
    // 6.9.1: the connection window counts every DATA frame, even on streams we reset.
    if (flowLength > connRecvWindow) {
      throw Http2Exception.connection(FLOW_CONTROL_ERROR, "DATA beyond the connection window");
    }
    connRecvWindow -= flowLength;
    connRecvUnacked += flowLength;
    if (connRecvUnacked >= DEFAULT_WINDOW / 2) {
      send(FrameWriter.windowUpdate(0, connRecvUnacked));
      connRecvWindow += connRecvUnacked;
      connRecvUnacked = 0;
    }
    if (length == 0 && !endStream && !emptyFrames.spend()) {
      throw Http2Exception.connection(ENHANCE_YOUR_CALM, "too many empty DATA frames");
    }
    ServerStream s = streams.get(streamId);
    if (s == null) {
      if (isIdle(streamId)) {
        throw Http2Exception.connection(PROTOCOL_ERROR, "DATA on idle stream " + streamId);
      }
      if (recentlyClosed.get(streamId) == Ended.BY_OUR_RESET) {
        return;
      }
      throw Http2Exception.stream(streamId, STREAM_CLOSED, "DATA on closed stream " + streamId);
    }
    if (s.remoteClosed) {
      throw Http2Exception.stream(streamId, STREAM_CLOSED, "DATA after END_STREAM");
    }
    if (flowLength > s.recvWindow) {
      throw Http2Exception.stream(streamId, FLOW_CONTROL_ERROR, "DATA beyond the stream window");
    }
    s.recvWindow -= flowLength;
    s.recvUnacked += flowLength - length; // padding is consumed at once
    s.received += length;
    if (s.contentLength >= 0 && s.received > s.contentLength) {
      throw Http2Exception.stream(streamId, PROTOCOL_ERROR, "DATA beyond content-length");
    }
    if (s.tunnel != null) {
      // Credited back by the tunnel as its protocol reads it.
      s.tunnel.received(Arrays.copyOfRange(payload, offset, offset + length));
      if (endStream) {
        remoteEnded(s);
      }
      return;
    }
    if (s.streamingBody) {
      if (length > 0) {
        s.request.streamedBodyData(Arrays.copyOfRange(payload, offset, offset + length));
      }
      s.recvUnacked += length;
    } else if (s.body != null) {
      if (s.received > site.parserLimits().maxBody()) {
        s.body.close();
        s.body = null;
        tooLarge(s);
        return;
      }
      s.body.write(payload, offset, length);
      s.recvUnacked += length;
    }
    if (endStream) {
      remoteEnded(s);
    } else {
      creditStream(s);
    }
  }

  private void tooLarge(ServerStream s) {
    Request r = new Request(s, site, s.request.getMethod(), s.request.getUri(), "HTTP/2",
        s.request.getRequestHeaders(), null);
    s.request = r;
    s.streamingBody = false;
    r.setResponseCode(Http.REQUEST_ENTITY_TOO_LARGE);
    r.setHeader("Content-Type", "text/plain; charset=utf-8");
    r.writeAndFinish("request body too large\n".getBytes(StandardCharsets.UTF_8));
  }

  /** Gives the peer back the stream window the resource has consumed, unless it paused. */
  void creditStream(ServerStream s) {
    if (s.closed || s.remoteClosed || s.bodyPaused || dead) {
      return;
    }
    if (s.recvUnacked >= limits.initialWindowSize() / 2) {
      send(FrameWriter.windowUpdate(s.id, s.recvUnacked));
      s.recvWindow += s.recvUnacked;
      s.recvUnacked = 0;
    }
  }

  private void remoteEnded(ServerStream s) throws Http2Exception {
    s.remoteClosed = true;
    if (s.contentLength >= 0 && s.received != s.contentLength && s.request != null
        && (s.body != null || s.streamingBody)) {
      throw Http2Exception.stream(s.id, PROTOCOL_ERROR, "body shorter than content-length");
    }
    if (s.tunnel != null) {
      s.tunnel.peerEnded();
    } else if (s.streamingBody) {
      s.request.streamedBodyEnded(null);
    } else if (s.body != null) {
      s.body = null;
      String formError = s.request.parseForm();
      if (formError != null) {
        badForm(s.request, formError);
      } else {
        site.render(s.request);
      }
    }
    if (s.localClosed && !s.closed) {
      closeStream(s, Ended.NORMALLY);
    }
  }

  private static void badForm(Request r, String error) {
    r.setResponseCode(Http.BAD_REQUEST);
    r.setHeader("Content-Type", "text/plain; charset=utf-8");
    r.writeAndFinish((error + "\n").getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void priority(int streamId, int dependency, boolean exclusive) throws Http2Exception {
    spendControl();
    if (dependency == streamId) {
      throw Http2Exception.stream(streamId, PROTOCOL_ERROR, "stream depends on itself");
    }
  }

  @Override
  public void rstStream(int streamId, int errorCode) throws Http2Exception {
    if (isIdle(streamId)) {
      throw Http2Exception.connection(PROTOCOL_ERROR, "RST_STREAM on idle stream " + streamId);
    }
    ServerStream s = streams.get(streamId);
    if (s == null) {
      return;
    }
    // Rapid Reset (CVE-2023-44487): each reset of a live stream wasted the work it started.
    boolean withinBudget = resets.spend();
    closeStream(s, Ended.BY_PEER_RESET);
    lose(s, Failure.of(new ConnectionLost("stream " + streamId + " reset by the client")));
    if (!withinBudget) {
      throw Http2Exception.connection(ENHANCE_YOUR_CALM, "too many stream resets");
    }
  }

  @Override
  public void settings(boolean ack, int[] ids, long[] values) throws Http2Exception {
    spendControl();
    if (ack) {
      if (settingsTimer != null && settingsTimer.active()) {
        settingsTimer.cancel();
      }
      return;
    }
    checkSettings(ids, values);
    applySettings(ids, values);
    send(FrameWriter.settingsAck());
    flush();
  }

  /** 6.5.2: the values no SETTINGS frame may carry, checked before any is applied. */
  private static void checkSettings(int[] ids, long[] values) throws Http2Exception {
    for (int i = 0; i < ids.length; i++) {
      long v = values[i];
      switch (ids[i]) {
        case SETTINGS_ENABLE_PUSH -> {
          if (v > 1) {
            throw Http2Exception.connection(PROTOCOL_ERROR, "SETTINGS_ENABLE_PUSH " + v);
          }
        }
        case SETTINGS_ENABLE_CONNECT_PROTOCOL -> {
          // RFC 8441 3: only 0 or 1; anything else is a connection error.
          if (v > 1) {
            throw Http2Exception.connection(PROTOCOL_ERROR,
                "SETTINGS_ENABLE_CONNECT_PROTOCOL " + v);
          }
        }
        case SETTINGS_INITIAL_WINDOW_SIZE -> {
          if (v > MAX_WINDOW) {
            throw Http2Exception.connection(FLOW_CONTROL_ERROR,
                "SETTINGS_INITIAL_WINDOW_SIZE " + v);
          }
        }
        case SETTINGS_MAX_FRAME_SIZE -> {
          if (v < MIN_MAX_FRAME_SIZE || v > MAX_MAX_FRAME_SIZE) {
            throw Http2Exception.connection(PROTOCOL_ERROR, "SETTINGS_MAX_FRAME_SIZE " + v);
          }
        }
        default -> { }
      }
    }
  }

  private void applySettings(int[] ids, long[] values) throws Http2Exception {
    for (int i = 0; i < ids.length; i++) {
      long v = values[i];
      switch (ids[i]) {
        case SETTINGS_INITIAL_WINDOW_SIZE -> {
          // 6.9.2: the change applies to every open stream's window, which may go negative.
          long delta = v - peerInitialWindow;
          peerInitialWindow = v;
          for (ServerStream s : streams.values()) {
            s.sendWindow += delta;
            if (s.sendWindow > MAX_WINDOW) {
              throw Http2Exception.connection(FLOW_CONTROL_ERROR, "stream window overflow");
            }
          }
        }
        case SETTINGS_MAX_FRAME_SIZE -> peerMaxFrameSize = (int) v;
        default -> { } // push (we never push), header table size (our encoder uses no table)
      }
    }
  }

  @Override
  public void ping(boolean ack, long opaque) throws Http2Exception {
    spendControl();
    if (!ack) {
      send(FrameWriter.ping(true, opaque));
    }
  }

  @Override
  public void goAway(int lastStreamId, int errorCode, byte[] debug) {
    goAwaySent = true; // no new streams; the open ones finish
    // 5.4.1: a GOAWAY with an error is followed by the peer's close; close now, so that the
    // open streams (a tunnel may be open for hours) hear of it without waiting for TCP.
    if (streams.isEmpty() || errorCode != NO_ERROR) {
      dead = true;
      closeTransport();
    }
  }

  @Override
  public void windowUpdate(int streamId, int increment) throws Http2Exception {
    spendControl();
    if (streamId == 0) {
      if (increment == 0) {
        throw Http2Exception.connection(PROTOCOL_ERROR, "WINDOW_UPDATE of 0");
      }
      connSendWindow += increment;
      if (connSendWindow > MAX_WINDOW) {
        throw Http2Exception.connection(FLOW_CONTROL_ERROR, "connection window overflow");
      }
      flush();
      return;
    }
    if (isIdle(streamId)) {
      throw Http2Exception.connection(PROTOCOL_ERROR, "WINDOW_UPDATE on idle stream " + streamId);
    }
    ServerStream s = streams.get(streamId);
    if (s == null) {
      return;
    }
    if (increment == 0) {
      throw Http2Exception.stream(streamId, PROTOCOL_ERROR, "WINDOW_UPDATE of 0");
    }
    s.sendWindow += increment;
    if (s.sendWindow > MAX_WINDOW) {
      throw Http2Exception.stream(streamId, FLOW_CONTROL_ERROR, "stream window overflow");
    }
    flush();
  }

  @Override
  public void unknownFrame(int type, int streamId, int length) throws Http2Exception {
    spendControl();
  }

  @Override
  public void streamError(Http2Exception e) throws Http2Exception {
    if (dead) {
      return;
    }
    ServerStream s = streams.get(e.streamId());
    send(FrameWriter.rstStream(e.streamId(), e.code()));
    // MadeYouReset: resets the client provokes from us count like its own.
    boolean withinBudget = resets.spend();
    if (s != null) {
      closeStream(s, Ended.BY_OUR_RESET);
      lose(s, Failure.of(new ConnectionLost("stream " + s.id + ": " + e.getMessage())));
    } else {
      recentlyClosed.put(e.streamId(), Ended.BY_OUR_RESET);
    }
    if (!withinBudget) {
      throw Http2Exception.connection(ENHANCE_YOUR_CALM, "too many stream errors");
    }
  }

  // ---- the response ---------------------------------------------------------------------------

  /** Sends the response head of {@code s}; returns true when the response has no body. */
  boolean writeHead(ServerStream s, boolean endStream) {
    Request r = s.request;
    int code = r.getResponseCode();
    boolean noBody = "HEAD".equals(r.getMethod()) || code == 204 || code == 304 || code / 100 == 1;
    encoder.header(":status", Integer.toString(code));
    Headers h = r.getResponseHeaders();
    boolean date = false;
    boolean server = false;
    for (int i = 0; i < h.size(); i++) {
      String name = Ascii.toLowerCase(h.nameAt(i));
      switch (name) {
        case "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade" -> {
          continue; // 8.2.2
        }
        case "date" -> date = true;
        case "server" -> server = true;
        default -> { }
      }
      encoder.header(name, h.valueAt(i));
    }
    if (!date) {
      encoder.header("date", DateCache.httpDate(System.currentTimeMillis() / 1000));
    }
    if (!server && site.getServerHeader() != null) {
      encoder.header("server", site.getServerHeader());
    }
    List<byte[]> frames = FrameWriter.headers(s.id, encoder.take(), endStream || noBody && endStream,
        peerMaxFrameSize);
    send(frames);
    return noBody;
  }

  /** The response head of a tunnel (RFC 8441) went out: it is logged now, as a 101 is. */
  void tunnelOpened(ServerStream s) {
    log(s);
  }

  private void log(ServerStream s) {
    try {
      site.log(s.request);
    } catch (RuntimeException e) {
      Log.err(e, "access log failed");
    }
  }

  /** Called when END_STREAM went out for {@code s}. */
  void localEnded(ServerStream s) {
    s.localClosed = true;
    boolean tunnel = s.tunnel != null && s.tunnel.attached();
    if (!tunnel) {
      log(s);
    }
    if (s.closed) {
      return;
    }
    if (tunnel) {
      // RFC 8441 5: END_STREAM is the tunnel's FIN; its protocol is done, as after a TCP close.
      // The stream ends with the peer's END_STREAM (DATA until then is dropped), or a CANCEL.
      s.tunnel.closed(Failure.of(new ConnectionDone("stream " + s.id + " ended")));
      if (s.remoteClosed) {
        closeStream(s, Ended.NORMALLY);
      } else {
        s.linger = site.getReactorTime().callLater(TUNNEL_LINGER_SECONDS,
            () -> resetStream(s, CANCEL, false));
      }
      return;
    }
    if (s.remoteClosed) {
      closeStream(s, Ended.NORMALLY);
    } else {
      // 8.1: the response is complete; the rest of the request body is not wanted.
      send(FrameWriter.rstStream(s.id, NO_ERROR));
      closeStream(s, Ended.BY_OUR_RESET);
      if (s.body != null) {
        s.body.close();
        s.body = null;
      }
      if (s.streamingBody) {
        s.request.streamedBodyEnded(Failure.of(new ConnectionLost("response finished first")));
      }
    }
  }

  /** A stream error raised from our side (a resource that cannot finish its response). */
  void resetStream(ServerStream s, int code, boolean countIt) {
    if (s.closed || dead) {
      return;
    }
    send(FrameWriter.rstStream(s.id, code));
    closeStream(s, Ended.BY_OUR_RESET);
    lose(s, Failure.of(new ConnectionLost("stream " + s.id + " reset")));
  }

  private void closeStream(ServerStream s, Ended how) {
    s.closed = true;
    cancelLinger(s);
    streams.remove(s.id);
    recentlyClosed.put(s.id, how);
    if (streams.isEmpty()) {
      if (goAwaySent && !dead) {
        dead = true;
        closeTransport();
        return;
      }
      startIdleTimer();
    }
  }

  /** Sends queued response data as far as the windows and the transport allow. */
  void flush() {
    if (flushing) {
      return;
    }
    flushing = true;
    try {
      boolean progress = true;
      while (progress && !writePaused && !dead) {
        progress = false;
        for (ServerStream s : new ArrayList<>(streams.values())) {
          if (writePaused || dead) {
            break;
          }
          if (s.hasOutput() && sendOne(s)) {
            progress = true;
          }
        }
      }
    } finally {
      flushing = false;
    }
  }

  /** Sends one DATA frame of {@code s}, if the windows allow; true if it sent one. */
  private boolean sendOne(ServerStream s) {
    long n = Math.min(s.queued, Math.min(peerMaxFrameSize, Math.min(s.sendWindow, connSendWindow)));
    if (n <= 0 && !(s.queued == 0 && s.endQueued)) {
      return false;
    }
    int len = (int) Math.max(0, n);
    byte[] frame = new byte[FRAME_HEADER_LENGTH + len];
    int filled = 0;
    while (filled < len) {
      byte[] head = s.queue.peek();
      int take = Math.min(len - filled, head.length - s.headOffset);
      System.arraycopy(head, s.headOffset, frame, FRAME_HEADER_LENGTH + filled, take);
      filled += take;
      s.headOffset += take;
      if (s.headOffset == head.length) {
        s.queue.poll();
        s.headOffset = 0;
      }
    }
    s.queued -= len;
    s.sendWindow -= len;
    connSendWindow -= len;
    boolean end = s.endQueued && s.queued == 0;
    boolean trailing = end && s.trailers != null;
    if (len > 0 || !trailing) {
      byte[] header = FrameWriter.data(s.id, frame, 0, 0, end && !trailing);
      System.arraycopy(header, 0, frame, 0, FRAME_HEADER_LENGTH);
      frame[0] = (byte) (len >>> 16);
      frame[1] = (byte) (len >>> 8);
      frame[2] = (byte) len;
      send(frame);
    }
    if (trailing) {
      TrailerFields.forEachSendable(s.trailers, encoder::header);
      send(FrameWriter.headers(s.id, encoder.take(), true, peerMaxFrameSize));
    }
    if (end) {
      localEnded(s);
    } else {
      s.drained();
    }
    return true;
  }

  // ---- write batching -------------------------------------------------------------------------

  private void beginBatch() {
    batchDepth++;
  }

  private void endBatch() {
    if (--batchDepth == 0) {
      writeGathered();
    }
  }

  /**
   * Writes one frame: gathered with the others of the batch under way, or, outside one (a
   * resource answering from a Deferred, a tunnel's protocol writing, a timer), until the end of
   * the reactor's turn, so that a response's HEADERS and DATA reach the socket in one write.
   */
  private void send(byte[] frame) {
    if (closing) {
      transport.write(frame);
      return;
    }
    gathered.add(frame);
    gatheredBytes += frame.length;
    gatheredMore();
  }

  private void send(List<byte[]> frames) {
    if (closing) {
      transport.writeSequence(frames);
      return;
    }
    for (byte[] f : frames) {
      gathered.add(f);
      gatheredBytes += f.length;
    }
    gatheredMore();
  }

  private void gatheredMore() {
    if (gatheredBytes >= MAX_GATHERED) {
      writeGathered();
    } else if (batchDepth == 0 && endOfTurn == null) {
      endOfTurn = site.getReactorTime().callLater(0, () -> {
        endOfTurn = null;
        writeGathered();
      });
    }
  }

  /** Hands the gathered frames to the transport, in one write. */
  private void writeGathered() {
    if (endOfTurn != null) {
      if (endOfTurn.active()) {
        endOfTurn.cancel();
      }
      endOfTurn = null;
    }
    if (gathered.isEmpty()) {
      return;
    }
    List<byte[]> batch = gathered;
    gathered = new ArrayList<>();
    gatheredBytes = 0;
    if (batch.size() == 1) {
      transport.write(batch.get(0));
    } else {
      transport.writeSequence(batch); // the transport keeps the arrays queued: a fresh list next
    }
  }

  /** GOAWAY and close come after everything gathered, in order. */
  private void closeTransport() {
    writeGathered();
    closing = true;
    transport.loseConnection();
  }

  Address peer() {
    return transport.getPeer();
  }

  Address host() {
    return transport.getHost();
  }

  boolean isSecure() {
    return transport instanceof TLSTransport;
  }
}
