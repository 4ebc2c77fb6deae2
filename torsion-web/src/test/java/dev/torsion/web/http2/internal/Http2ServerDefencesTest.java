package dev.torsion.web.http2.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.task.Clock;
import dev.torsion.trial.StringTransport;
import dev.torsion.web.http2.Http2Limits;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/2 server's defences on an in-memory transport, with a fake clock: each flood a client
 * can send (PING, SETTINGS, empty DATA, CONTINUATION, WINDOW_UPDATE), too many streams, and a
 * SETTINGS never acknowledged, answered as RFC 9113 and the CVEs of 2019 and 2023 ask.
 */
class Http2ServerDefencesTest {
  private final Clock clock = new Clock();
  private final StringTransport transport = new StringTransport();
  private Http2ServerConnection server;

  static final class Hello extends Resource {
    @Override public boolean isLeaf() {
      return true;
    }

    @Override protected byte[] renderGet(Request request) {
      return "hello".getBytes(StandardCharsets.UTF_8);
    }
  }

  private void start(Http2Limits limits) {
    Site site = new Site(new Hello(), clock);
    server = new Http2ServerConnection(site, limits);
    server.makeConnection(transport);
    send(Http2.PREFACE, FrameWriter.settings(new int[0], new long[0]),
        FrameWriter.settingsAck());
  }

  private void send(byte[]... frames) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] f : frames) {
      all.writeBytes(f);
    }
    server.dataReceived(all.toByteArray());
  }

  private static byte[] get(int stream, boolean endStream) {
    byte[] block = new HpackEncoder().header(":method", "GET").header(":scheme", "http")
        .header(":authority", "x").header(":path", "/").take();
    return concat(FrameWriter.headers(stream, block, endStream, 16384));
  }

  private static byte[] concat(List<byte[]> frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    frames.forEach(out::writeBytes);
    return out.toByteArray();
  }

  private List<String> written() throws Http2Exception {
    return new FrameLog(false).read(transport.value());
  }

  @Test
  void aGetIsAnswered() throws Exception {
    start(Http2Limits.defaults());
    send(get(1, true));

    assertThat(written()).contains("HEADERS 1", "DATA 1 5 end");
    assertThat(transport.disconnecting).isFalse();
  }

  @Test
  void aPingFloodEndsTheConnectionWithEnhanceYourCalm() throws Exception {
    start(Http2Limits.defaults().withMaxControlFrames(50));
    for (int i = 0; i < 60; i++) {
      send(FrameWriter.ping(false, i));
    }

    List<String> frames = written();
    assertThat(frames).last().isEqualTo("GOAWAY " + Http2.ENHANCE_YOUR_CALM);
    assertThat(frames.stream().filter("PING ACK"::equals).count()).isLessThanOrEqualTo(50);
    assertThat(transport.disconnecting).isTrue();
  }

  @Test
  void aSettingsFloodEndsTheConnectionWithEnhanceYourCalm() throws Exception {
    start(Http2Limits.defaults().withMaxControlFrames(50));
    for (int i = 0; i < 60; i++) {
      send(FrameWriter.settings(new int[] {Http2.SETTINGS_ENABLE_PUSH}, new long[] {0}));
    }

    assertThat(written()).last().isEqualTo("GOAWAY " + Http2.ENHANCE_YOUR_CALM);
    assertThat(transport.disconnecting).isTrue();
  }

  @Test
  void enableConnectProtocolOtherThanZeroOrOneIsAProtocolError() throws Exception {
    start(Http2Limits.defaults());
    send(FrameWriter.settings(new int[] {Http2.SETTINGS_ENABLE_CONNECT_PROTOCOL},
        new long[] {1}));
    assertThat(written()).doesNotContain("GOAWAY " + Http2.PROTOCOL_ERROR);

    // RFC 8441 3: a value other than 0 or 1 is a connection error of type PROTOCOL_ERROR.
    send(FrameWriter.settings(new int[] {Http2.SETTINGS_ENABLE_CONNECT_PROTOCOL},
        new long[] {2}));
    assertThat(written()).last().isEqualTo("GOAWAY " + Http2.PROTOCOL_ERROR);
    assertThat(transport.disconnecting).isTrue();
  }

  @Test
  void theControlFrameBudgetRefillsWithTime() throws Exception {
    start(Http2Limits.defaults().withMaxControlFrames(50));
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 40; i++) {
        send(FrameWriter.ping(false, i));
      }
      clock.advance(11);
    }

    assertThat(written()).doesNotContain("GOAWAY " + Http2.ENHANCE_YOUR_CALM);
    assertThat(transport.disconnecting).isFalse();
  }

  @Test
  void aFloodOfEmptyDataFramesEndsTheConnection() throws Exception {
    start(Http2Limits.defaults());
    send(get(1, false));
    for (int i = 0; i < 150; i++) {
      send(FrameWriter.data(1, new byte[0], 0, 0, false));
    }

    assertThat(written()).last().isEqualTo("GOAWAY " + Http2.ENHANCE_YOUR_CALM);
    assertThat(transport.disconnecting).isTrue();
  }

  @Test
  void aContinuationFloodEndsTheConnection() throws Exception {
    start(Http2Limits.defaults());
    byte[] block = new HpackEncoder().header(":method", "GET").header(":scheme", "http")
        .header(":path", "/").take();
    // HEADERS without END_HEADERS, then more CONTINUATION frames than allowed, none ending it.
    List<byte[]> frames = FrameWriter.headers(1, block, true, 16384);
    byte[] headers = frames.get(0);
    headers[4] &= ~Http2.FLAG_END_HEADERS;
    send(headers);
    for (int i = 0; i < 40; i++) {
      byte[] continuation = new byte[Http2.FRAME_HEADER_LENGTH + 1];
      continuation[2] = 1;
      continuation[3] = Http2.CONTINUATION;
      continuation[8] = 1;
      send(continuation);
    }

    assertThat(written()).last().isEqualTo("GOAWAY " + Http2.ENHANCE_YOUR_CALM);
    assertThat(transport.disconnecting).isTrue();
  }

  @Test
  void streamsPastTheConcurrencyLimitAreRefused() throws Exception {
    start(Http2Limits.defaults().withMaxConcurrentStreams(2));
    send(get(1, false), get(3, false), get(5, false)); // bodies never end: the streams stay open

    assertThat(written()).contains("RST_STREAM 5 " + Http2.REFUSED_STREAM)
        .doesNotContain("RST_STREAM 1 " + Http2.REFUSED_STREAM, "RST_STREAM 3 " + Http2.REFUSED_STREAM);
    assertThat(transport.disconnecting).isFalse();
  }

  @Test
  void settingsNeverAcknowledgedEndTheConnection() throws Exception {
    Site site = new Site(new Hello(), clock);
    server = new Http2ServerConnection(site, Http2Limits.defaults());
    server.makeConnection(transport);
    send(Http2.PREFACE, FrameWriter.settings(new int[0], new long[0])); // no ACK of ours

    clock.advance(9.9);
    assertThat(transport.disconnecting).isFalse();
    clock.advance(0.2);
    assertThat(written()).last().isEqualTo("GOAWAY " + Http2.SETTINGS_TIMEOUT);
    assertThat(transport.disconnecting).isTrue();
  }

  @Test
  void aBadPrefaceGetsProtocolError() throws Exception {
    Site site = new Site(new Hello(), clock);
    server = new Http2ServerConnection(site, Http2Limits.defaults());
    server.makeConnection(transport);
    send("PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

    assertThat(written()).last().isEqualTo("GOAWAY " + Http2.PROTOCOL_ERROR);
    assertThat(transport.disconnecting).isTrue();
  }
}
