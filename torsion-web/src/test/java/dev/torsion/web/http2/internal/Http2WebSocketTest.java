package dev.torsion.web.http2.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.PushProducer;
import dev.torsion.internet.task.Clock;
import dev.torsion.trial.StringTransport;
import dev.torsion.web.http2.Http2Limits;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import dev.torsion.web.websocket.WebSocketOptions;
import dev.torsion.web.websocket.WebSocketProtocol;
import dev.torsion.web.websocket.WebSocketResource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * WebSocket over HTTP/2 (RFC 8441) on an in-memory transport with a fake clock: the extended
 * CONNECT handshake answered 200, the WebSocket's frames as the stream's DATA under both
 * windows, its close as END_STREAM, and every way a stream can end reaching the application.
 */
class Http2WebSocketTest {
  private static final byte[] MASK = {1, 2, 3, 4};

  private final Clock clock = new Clock();
  private final StringTransport transport = new StringTransport();
  private final List<String> events = new ArrayList<>();
  private final List<Echo> sockets = new ArrayList<>();
  private Site site;
  private Http2ServerConnection server;
  private FrameLog log;

  private final class Echo extends WebSocketProtocol {
    @Override public void onOpen() {
      sockets.add(this);
      events.add("open " + transport.getSubprotocol() + " " + transport.getExtensions());
    }

    @Override public void textMessageReceived(String message) {
      events.add("text " + message);
      sendText(message);
    }

    @Override public void binaryMessageReceived(byte[] message) {
      events.add("binary " + message.length);
      sendBinary(message);
    }

    @Override public void onClose(int code, String reason) {
      events.add("close " + code);
    }
  }

  private void start(Http2Limits limits, WebSocketOptions options, long clientWindow) {
    Resource root = new Resource();
    root.putChild("chat", new WebSocketResource(r -> new Echo(), options));
    site = new Site(root, clock);
    server = new Http2ServerConnection(site, limits);
    server.makeConnection(transport);
    send(Http2.PREFACE, FrameWriter.settings(new int[] {Http2.SETTINGS_INITIAL_WINDOW_SIZE},
        new long[] {clientWindow}), FrameWriter.settingsAck());
  }

  private void start() {
    start(Http2Limits.defaults(), WebSocketOptions.defaults(), 65535);
  }

  private void send(byte[]... frames) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] f : frames) {
      all.writeBytes(f);
    }
    server.dataReceived(all.toByteArray());
  }

  private static byte[] headers(int stream, boolean end, String... fields) {
    HpackEncoder e = new HpackEncoder();
    for (int i = 0; i < fields.length; i += 2) {
      e.header(fields[i], fields[i + 1]);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FrameWriter.headers(stream, e.take(), end, 16384).forEach(out::writeBytes);
    return out.toByteArray();
  }

  private static byte[] connect(int stream, String... extra) {
    List<String> f = new ArrayList<>(List.of(":method", "CONNECT", ":protocol", "websocket",
        ":scheme", "https", ":authority", "x", ":path", "/chat", "sec-websocket-version", "13"));
    f.addAll(List.of(extra));
    return headers(stream, false, f.toArray(new String[0]));
  }

  /** A masked client frame (RFC 6455 5.3: clients mask over HTTP/2 too). */
  private static byte[] frame(int b0, byte[] payload, byte[] mask) {
    byte[] h = dev.torsion.web.websocket.internal.FrameWriter.header((b0 & 0x80) != 0, false,
        b0 & 0x0F, payload.length, mask);
    byte[] body = mask == null ? payload
        : dev.torsion.web.websocket.internal.FrameWriter.masked(payload, 0, payload.length, mask);
    byte[] all = Arrays.copyOf(h, h.length + body.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }

  private static byte[] data(int stream, byte[] payload, boolean end) {
    return FrameWriter.data(stream, payload, 0, payload.length, end);
  }

  private static byte[] text(String s) {
    return frame(0x81, s.getBytes(StandardCharsets.UTF_8), MASK);
  }

  private static byte[] close(int code) {
    return frame(0x88, new byte[] {(byte) (code >> 8), (byte) code}, MASK);
  }

  private List<String> written() throws Http2Exception {
    log = new FrameLog(false);
    return log.read(transport.value());
  }

  private List<String> fieldsOf(int block) throws Exception {
    List<String> out = new ArrayList<>();
    new HpackDecoder(4096, 1 << 16).decode(log.blocks.get(block), 0,
        log.blocks.get(block).length, (n, v) -> out.add(n + ": " + v));
    return out;
  }

  private byte[] sentData() {
    return log.data.toByteArray();
  }

  @Test
  void theServerAdvertisesExtendedConnect() throws Exception {
    start();

    written();
    assertThat(log.settings).containsEntry(Http2.SETTINGS_ENABLE_CONNECT_PROTOCOL, 1L);
  }

  @Test
  void anExtendedConnectIsAnswered200WithoutAcceptOrUpgradeAndTheStreamStaysOpen()
      throws Exception {
    start();
    send(connect(1, "sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ=="));

    assertThat(written()).containsExactly("SETTINGS", "SETTINGS ACK", "HEADERS 1");
    assertThat(fieldsOf(0)).contains(":status: 200").noneMatch(f -> f.startsWith(
        "sec-websocket-accept") || f.startsWith("upgrade") || f.startsWith("connection")
        || f.startsWith("content-length"));
    assertThat(events).containsExactly("open null null");
  }

  @Test
  void maskedTextAndBinaryAreEchoedUnmaskedAsData() throws Exception {
    start();
    send(connect(1));
    byte[] fragmented = concat(frame(0x01, "frag".getBytes(StandardCharsets.UTF_8), MASK),
        frame(0x89, new byte[0], MASK), frame(0x80, "mented".getBytes(StandardCharsets.UTF_8),
            MASK));
    send(data(1, text("héllo"), false), data(1, frame(0x82, new byte[300], MASK), false));
    send(data(1, fragmented, false));

    assertThat(events).containsExactly("open null null", "text héllo", "binary 300",
        "text fragmented");
    written();
    byte[] out = sentData();
    assertThat(out[0] & 0xFF).isEqualTo(0x81);
    assertThat(out[1] & 0x80).as("servers do not mask").isZero();
    assertThat(new String(out, 2, out[1], StandardCharsets.UTF_8)).isEqualTo("héllo");
    assertThat(log.frames).doesNotContain("RST_STREAM 1 0");
  }

  @Test
  void anUnmaskedClientFrameFailsTheWebSocketWith1002AndEndsTheStream() throws Exception {
    start();
    send(connect(1));
    send(data(1, frame(0x81, "hi".getBytes(StandardCharsets.UTF_8), null), false));

    List<String> frames = written();
    assertThat(frames.get(frames.size() - 1)).matches("DATA 1 \\d+ end");
    byte[] out = sentData();
    assertThat(out[0] & 0xFF).isEqualTo(0x88);
    assertThat(((out[2] & 0xFF) << 8) | (out[3] & 0xFF)).isEqualTo(1002);
    clock.advance(0);
    assertThat(events).containsExactly("open null null", "close 1002");
  }

  @Test
  void subprotocolAndPermessageDeflateAreAgreedAsOverHttp11() throws Exception {
    start(Http2Limits.defaults(), WebSocketOptions.builder().subprotocols(List.of("chat.v2"))
        .build(), 65535);
    send(connect(1, "sec-websocket-protocol", "chat.v1, chat.v2",
        "sec-websocket-extensions", "permessage-deflate; client_max_window_bits"));

    written();
    assertThat(fieldsOf(0)).contains(":status: 200", "sec-websocket-protocol: chat.v2",
        "sec-websocket-extensions: permessage-deflate");
    assertThat(events).containsExactly("open chat.v2 permessage-deflate");
  }

  @Test
  void anOriginNotAllowedIs403AndTheStreamIsNotATunnel() throws Exception {
    start(Http2Limits.defaults(), WebSocketOptions.builder()
        .allowedOrigins(java.util.Set.of("https://good.example")).build(), 65535);
    send(connect(1, "origin", "https://evil.example"));

    assertThat(written()).endsWith("RST_STREAM 1 0").anyMatch(f -> f.matches("DATA 1 \\d+ end"));
    assertThat(fieldsOf(0)).contains(":status: 403");
    assertThat(events).isEmpty();
  }

  @Test
  void aVersionOtherThan13Is426WithTheVersionWeSpeak() throws Exception {
    start();
    send(headers(1, false, ":method", "CONNECT", ":protocol", "websocket", ":scheme", "https",
        ":authority", "x", ":path", "/chat", "sec-websocket-version", "8"));

    written();
    assertThat(fieldsOf(0)).contains(":status: 426", "sec-websocket-version: 13");
    assertThat(events).isEmpty();
  }

  @Test
  void aPlainGetOverHttp2IsStillAnswered426() throws Exception {
    start();
    send(headers(1, true, ":method", "GET", ":scheme", "https", ":authority", "x",
        ":path", "/chat"));

    assertThat(written()).contains("HEADERS 1").anyMatch(f -> f.matches("DATA 1 \\d+ end"));
    assertThat(fieldsOf(0)).contains(":status: 426");
    assertThat(log.data.toString(StandardCharsets.UTF_8)).contains("extended CONNECT");
  }

  @Test
  void anotherProtocolOnTheWebSocketResourceIsNotImplemented() throws Exception {
    start();
    send(headers(1, false, ":method", "CONNECT", ":protocol", "webtransport", ":scheme",
        "https", ":authority", "x", ":path", "/chat"));

    written();
    assertThat(fieldsOf(0)).contains(":status: 501");
  }

  @Test
  void theClientsCloseIsEchoedAndOurEndStreamEndsTheWebSocket() throws Exception {
    start();
    send(connect(1));
    send(data(1, close(1000), false));

    assertThat(written()).endsWith("DATA 1 4", "DATA 1 0 end");
    assertThat(sentData()).containsExactly(0x88, 2, 0x03, 0xE8);
    assertThat(events).as("onClose comes from the reactor, as after TCP")
        .containsExactly("open null null");
    clock.advance(0);
    assertThat(events).containsExactly("open null null", "close 1000");

    transport.clear();
    send(data(1, new byte[0], true)); // the client's END_STREAM closes the stream cleanly
    clock.advance(Http2ServerConnection.TUNNEL_LINGER_SECONDS + 1);
    assertThat(written()).isEmpty();
  }

  @Test
  void aClientThatNeverEndsItsSideIsResetWithCancelAfterTheLinger() throws Exception {
    start();
    send(connect(1));
    send(data(1, close(1000), false));
    clock.advance(Http2ServerConnection.TUNNEL_LINGER_SECONDS - 1);
    send(data(1, text("late"), false));
    assertThat(written()).doesNotContain("RST_STREAM 1 " + Http2.CANCEL);

    clock.advance(2);

    assertThat(written()).last().isEqualTo("RST_STREAM 1 " + Http2.CANCEL);
    assertThat(events).doesNotContain("text late");
  }

  @Test
  void theServersCloseWaitsForTheClientsAndThenEndsTheStream() throws Exception {
    start();
    send(connect(1));
    clock.advance(0);
    sockets.get(0).close(4000, "bye");
    clock.advance(0); // frames written outside a read go out at the end of the reactor's turn
    List<String> frames = written();
    assertThat(frames.get(frames.size() - 1)).matches("DATA 1 \\d+");

    send(data(1, close(4000), true));

    frames = written();
    assertThat(frames.get(frames.size() - 1)).isEqualTo("DATA 1 0 end");
    clock.advance(0);
    assertThat(events).containsExactly("open null null", "close 4000");
  }

  @Test
  void aResetFromThePeerIsAnAbnormalClose() throws Exception {
    start();
    send(connect(1));
    send(FrameWriter.rstStream(1, Http2.CANCEL));
    clock.advance(0);

    assertThat(events).containsExactly("open null null", "close 1006");
    assertThat(transport.disconnecting).isFalse();
  }

  @Test
  void aGoAwayWithAnErrorClosesTheConnectionAndTheWebSocketHears1006() throws Exception {
    start();
    send(connect(1));
    send(FrameWriter.goAway(1, Http2.PROTOCOL_ERROR, "bye"));
    assertThat(transport.disconnecting).isTrue();

    server.connectionLost(dev.torsion.internet.Failure.of(
        new dev.torsion.internet.ConnectionDone("closed")));
    clock.advance(0);
    assertThat(events).containsExactly("open null null", "close 1006");
  }

  @Test
  void aGracefulGoAwayLeavesTheWebSocketRunning() throws Exception {
    start();
    send(connect(1));
    send(FrameWriter.goAway(1, Http2.NO_ERROR, ""));
    send(data(1, text("still here"), false));

    assertThat(transport.disconnecting).isFalse();
    assertThat(events).containsExactly("open null null", "text still here");
  }

  @Test
  void theIdleTimeoutSparesAConnectionWithALiveWebSocket() throws Exception {
    start();
    site.setTimeout(30);
    send(connect(1));
    clock.advance(300);

    assertThat(transport.disconnecting).isFalse();
    send(data(1, text("after five minutes"), false));
    assertThat(events).containsExactly("open null null", "text after five minutes");

    send(data(1, close(1000), true));
    clock.advance(31);
    assertThat(transport.disconnecting).as("idle once the WebSocket is gone").isTrue();
  }

  @Test
  void aWebSocketStreamCountsAgainstMaxConcurrentStreams() throws Exception {
    start(Http2Limits.defaults().withMaxConcurrentStreams(1), WebSocketOptions.defaults(),
        65535);
    send(connect(1));
    send(headers(3, true, ":method", "GET", ":scheme", "https", ":authority", "x",
        ":path", "/chat"));

    assertThat(written()).contains("RST_STREAM 3 " + Http2.REFUSED_STREAM);
  }

  @Test
  void aPlainGetOnTheSameConnectionIsAnsweredBesideTheWebSocket() throws Exception {
    start();
    send(connect(1));
    send(headers(3, true, ":method", "GET", ":scheme", "https", ":authority", "x",
        ":path", "/chat"));
    send(data(1, text("beside"), false));

    assertThat(written()).contains("HEADERS 3").anyMatch(f -> f.matches("DATA 3 \\d+ end"));
    assertThat(events).containsExactly("open null null", "text beside");
  }

  @Test
  void writesWaitForTheStreamWindowAndPauseTheProducer() throws Exception {
    start(Http2Limits.defaults(), WebSocketOptions.defaults(), 10);
    send(connect(1));
    clock.advance(0);
    Echo ws = sockets.get(0);
    List<String> producer = new ArrayList<>();
    ws.getTransport().registerProducer(new PushProducer() {
      @Override public void pauseProducing() {
        producer.add("paused");
      }

      @Override public void resumeProducing() {
        producer.add("resumed");
      }

      @Override public void stopProducing() {
        producer.add("stopped");
      }
    }, true);
    ws.sendBinary(new byte[100_000]);
    clock.advance(0); // frames written outside a read go out at the end of the reactor's turn

    assertThat(written()).last().isEqualTo("DATA 1 10");
    assertThat(producer).containsExactly("paused");
    assertThat(ws.getTransport().getWriteBufferSize()).isEqualTo(100_010 - 10);

    send(FrameWriter.windowUpdate(1, 200_000), FrameWriter.windowUpdate(0, 200_000));

    written();
    assertThat(sentData()).hasSize(100_010); // a 10-byte frame header and the message
    assertThat(producer).containsExactly("paused", "resumed");
    assertThat(ws.getTransport().getWriteBufferSize()).isZero();
  }

  @Test
  void aPausedWebSocketStopsCreditingTheStreamWindow() throws Exception {
    start();
    send(connect(1));
    clock.advance(0);
    Echo ws = sockets.get(0);
    ws.getTransport().pauseProducing();
    byte[] big = frame(0x82, new byte[40_000], MASK);
    send(data(1, Arrays.copyOfRange(big, 0, 16_000), false),
        data(1, Arrays.copyOfRange(big, 16_000, 32_000), false),
        data(1, Arrays.copyOfRange(big, 32_000, big.length), false));

    assertThat(events).containsExactly("open null null");
    assertThat(written()).noneMatch(f -> f.startsWith("WINDOW_UPDATE 1"));

    ws.getTransport().resumeProducing();
    clock.advance(0); // frames written outside a read go out at the end of the reactor's turn

    assertThat(events).containsExactly("open null null", "binary 40000");
    assertThat(written()).anyMatch(f -> f.startsWith("WINDOW_UPDATE 1 "));
  }

  @Test
  void dataBeyondThePausedStreamWindowIsAFlowControlError() throws Exception {
    start();
    send(connect(1));
    clock.advance(0);
    sockets.get(0).getTransport().pauseProducing();
    byte[] chunk = new byte[16_000];
    for (int i = 0; i < 5; i++) {
      send(data(1, chunk, false)); // 80 000 bytes against a 65 535-byte window
    }

    assertThat(written()).contains("RST_STREAM 1 " + Http2.FLOW_CONTROL_ERROR);
    clock.advance(0);
    assertThat(events).containsExactly("open null null", "close 1006");
  }

  @Test
  void theConnectionGoingAwayIsAnAbnormalCloseForEveryWebSocket() throws Exception {
    start();
    send(connect(1), connect(3));
    server.connectionLost(dev.torsion.internet.Failure.of(
        new dev.torsion.internet.ConnectionLost("gone")));
    clock.advance(0);

    assertThat(events).containsExactly("open null null", "open null null", "close 1006",
        "close 1006");
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
