package dev.torsion.web.http2.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Protocol;
import dev.torsion.internet.task.Clock;
import dev.torsion.trial.StringTransport;
import dev.torsion.web.http2.Http2Limits;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import dev.torsion.web.server.StreamedBodyResource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/1.1 Upgrade to h2c (RFC 7540 3.2) on an in-memory transport: the 101, the request
 * answered as stream 1, HTTP2-Settings applied, and the requests that stay HTTP/1.1.
 */
class H2cUpgradeTest {
  private final Clock clock = new Clock();
  private final StringTransport transport = new StringTransport();
  private Protocol protocol;

  static final class Hello extends Resource {
    @Override public boolean isLeaf() {
      return true;
    }

    @Override protected byte[] renderGet(Request r) {
      return ("hello over " + r.getClientProto()).getBytes(StandardCharsets.UTF_8);
    }

    @Override protected byte[] renderPost(Request r) {
      return ("got " + new String(r.getContentBytes(), StandardCharsets.UTF_8) + " a="
          + r.getArg("a")).getBytes(StandardCharsets.UTF_8);
    }
  }

  private void connect() {
    Resource root = new Resource();
    root.putChild("hello", new Hello());
    root.putChild("streamed", new StreamedBodyResource(
        (r, body) -> "streamed " + body.length + " over " + r.getClientProto()));
    Site site = new Site(root, clock);
    site.setHttp2Limits(Http2Limits.defaults());
    protocol = site.buildProtocol(transport.getPeer());
    protocol.makeConnection(transport);
  }

  private void send(String s) {
    protocol.dataReceived(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  private void send(byte[]... frames) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] f : frames) {
      all.writeBytes(f);
    }
    protocol.dataReceived(all.toByteArray());
  }

  private static String settings(int... idValuePairs) {
    byte[] p = new byte[idValuePairs.length * 3];
    for (int i = 0; i < idValuePairs.length; i += 2) {
      int o = i * 3;
      p[o] = (byte) (idValuePairs[i] >> 8);
      p[o + 1] = (byte) idValuePairs[i];
      int v = idValuePairs[i + 1];
      p[o + 2] = (byte) (v >>> 24);
      p[o + 3] = (byte) (v >>> 16);
      p[o + 4] = (byte) (v >>> 8);
      p[o + 5] = (byte) v;
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(p);
  }

  private static String upgrade(String requestLine, String settingsField, String more) {
    return requestLine + "\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
        + "HTTP2-Settings: " + settingsField + "\r\n" + more + "\r\n";
  }

  private String output() {
    return new String(transport.value(), StandardCharsets.ISO_8859_1);
  }

  /** The 101's head, then what followed it read as frames, with each HEADERS block decoded. */
  private record Upgraded(String head, List<String> frames, List<String> fields, String bodies) {}

  private Upgraded upgraded() throws Exception {
    byte[] all = transport.value();
    String text = new String(all, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n") + 4;
    FrameLog log = new FrameLog(false);
    List<String> frames = log.read(all, end);
    List<String> fields = new ArrayList<>();
    HpackDecoder decoder = new HpackDecoder(4096, 1 << 16);
    for (byte[] block : log.blocks) {
      decoder.decode(block, 0, block.length, (n, v) -> fields.add(n + ": " + v));
    }
    return new Upgraded(text.substring(0, end), frames, fields,
        log.data.toString(StandardCharsets.UTF_8));
  }

  private static byte[] get(int stream, String path) {
    byte[] block = new HpackEncoder().header(":method", "GET").header(":scheme", "http")
        .header(":authority", "x").header(":path", path).take();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FrameWriter.headers(stream, block, true, 16384).forEach(out::writeBytes);
    return out.toByteArray();
  }

  @Test
  void aGetAskingForH2cIsAnswered101ThenAsStream1OverHttp2() throws Exception {
    connect();
    send(upgrade("GET /hello HTTP/1.1", settings(), ""));

    Upgraded u = upgraded();
    assertThat(u.head()).startsWith("HTTP/1.1 101 Switching Protocols\r\n")
        .contains("\r\nConnection: Upgrade\r\n", "\r\nUpgrade: h2c\r\n");
    // 3.5: the server's first frame is SETTINGS, then stream 1's response.
    assertThat(u.frames()).containsExactly("SETTINGS", "HEADERS 1", "DATA 1 17 end");
    assertThat(u.fields()).contains(":status: 200");
    assertThat(u.bodies()).isEqualTo("hello over HTTP/2");
  }

  @Test
  void theConnectionThenCarriesMoreStreams() throws Exception {
    connect();
    send(upgrade("GET /hello HTTP/1.1", settings(), ""));
    send(Http2.PREFACE, FrameWriter.settings(new int[0], new long[0]), get(3, "/hello"),
        get(5, "/hello"));

    Upgraded u = upgraded();
    assertThat(u.frames()).contains("DATA 1 17 end", "SETTINGS ACK", "HEADERS 3", "DATA 3 17 end",
        "HEADERS 5", "DATA 5 17 end");
    assertThat(u.bodies()).isEqualTo("hello over HTTP/2".repeat(3));
    assertThat(transport.disconnecting).isFalse();
  }

  @Test
  void theHttp2SettingsFieldIsApplied() throws Exception {
    connect();
    // SETTINGS_INITIAL_WINDOW_SIZE 5: stream 1 may carry 5 bytes until the client credits more.
    send(upgrade("GET /hello HTTP/1.1", settings(Http2.SETTINGS_INITIAL_WINDOW_SIZE, 5), ""));

    assertThat(upgraded().frames()).containsExactly("SETTINGS", "HEADERS 1", "DATA 1 5");

    send(Http2.PREFACE, FrameWriter.settings(new int[0], new long[0]),
        FrameWriter.windowUpdate(1, 100));

    assertThat(upgraded().frames()).endsWith("DATA 1 12 end");
  }

  @Test
  void aRequestBodyReadOverHttp11IsStream1sBodyAndItsFormIsParsed() throws Exception {
    connect();
    send(upgrade("POST /hello?a=1 HTTP/1.1", settings(),
        "Content-Type: text/plain\r\nContent-Length: 4\r\n") + "body");

    Upgraded u = upgraded();
    assertThat(u.head()).startsWith("HTTP/1.1 101 ");
    assertThat(u.bodies()).isEqualTo("got body a=1");
  }

  @Test
  void dataFromTheClientOnStream1IsAStreamError() throws Exception {
    connect();
    send(upgrade("GET /hello HTTP/1.1", settings(), ""));
    send(Http2.PREFACE, FrameWriter.settings(new int[0], new long[0]),
        FrameWriter.data(1, "x".getBytes(StandardCharsets.UTF_8), 0, 1, true));

    // 5.1: stream 1 is half-closed (remote) from the start; here it is closed already.
    assertThat(upgraded().frames()).contains("RST_STREAM 1 " + Http2.STREAM_CLOSED);
  }

  @Test
  void malformedHttp2SettingsLeaveTheRequestOnHttp11() {
    for (String bad : List.of("not*base64", "AAMAAABk" + "AA", // 7 bytes: not whole settings
        settings(Http2.SETTINGS_ENABLE_PUSH, 2), settings(Http2.SETTINGS_MAX_FRAME_SIZE, 100),
        settings(Http2.SETTINGS_INITIAL_WINDOW_SIZE, -1))) {
      transport.clear();
      connect();
      send(upgrade("GET /hello HTTP/1.1", bad, ""));

      assertThat(output()).as(bad).startsWith("HTTP/1.1 200 OK\r\n")
          .doesNotContain("Upgrade").endsWith("hello over HTTP/1.1");
    }
  }

  @Test
  void twoHttp2SettingsFieldsOrNoneLeaveTheRequestOnHttp11() {
    connect();
    send(upgrade("GET /hello HTTP/1.1", settings(), "HTTP2-Settings: " + settings() + "\r\n"));
    assertThat(output()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("hello over HTTP/1.1");

    transport.clear();
    connect();
    send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n");
    assertThat(output()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("hello over HTTP/1.1");
  }

  @Test
  void aBodyStreamedToItsResourceCannotBeUpgradedAndStaysOnHttp11() {
    connect();
    send(upgrade("POST /streamed HTTP/1.1", settings(), "Content-Length: 3\r\n") + "abc");

    assertThat(output()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("streamed 3 over HTTP/1.1");
  }

  @Test
  void http10IsNeverUpgraded() {
    connect();
    send(upgrade("GET /hello HTTP/1.0", settings(), ""));

    assertThat(output()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("hello over HTTP/1.0");
  }
}
