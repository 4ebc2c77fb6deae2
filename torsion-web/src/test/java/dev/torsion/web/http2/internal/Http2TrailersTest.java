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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Trailers over HTTP/2 (RFC 9113 8.1) on an in-memory transport: a HEADERS frame after the
 * request's DATA reaches the resource as its request trailers, and the resource's response
 * trailers are a last HEADERS frame with END_STREAM, after the body, whatever the windows.
 */
class Http2TrailersTest {
  private final StringTransport transport = new StringTransport();
  private Http2ServerConnection server;

  static final class Grpc extends Resource {
    @Override public boolean isLeaf() {
      return true;
    }

    @Override protected byte[] renderPost(Request r) {
      r.getResponseTrailers().add("grpc-status", "0")
          .add("x-checksum", String.valueOf(r.getRequestTrailers().getFirst("x-checksum")))
          .add("connection", "close"); // connection-specific: never sent (RFC 9113 8.2.2)
      String body = "reply to " + new String(r.getContentBytes(), StandardCharsets.UTF_8);
      if (r.getArg("whole") != null) {
        return body.getBytes(StandardCharsets.UTF_8);
      }
      r.write(body.getBytes(StandardCharsets.UTF_8));
      r.finish();
      return Site.NOT_DONE_YET;
    }
  }

  private void start(int clientWindow) {
    Site site = new Site(new Grpc(), new Clock());
    server = new Http2ServerConnection(site, Http2Limits.defaults());
    server.makeConnection(transport);
    send(Http2.PREFACE, FrameWriter.settings(new int[] {Http2.SETTINGS_INITIAL_WINDOW_SIZE},
        new long[] {clientWindow}), FrameWriter.settingsAck());
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

  private static byte[] post(String path) {
    return headers(1, false, ":method", "POST", ":scheme", "http", ":authority", "x",
        ":path", path, "te", "trailers");
  }

  private FrameLog log;

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

  @Test
  void requestTrailersReachTheResourceAndResponseTrailersEndTheStream() throws Exception {
    start(65535);
    send(post("/"), FrameWriter.data(1, "hi".getBytes(StandardCharsets.UTF_8), 0, 2, false),
        headers(1, true, "x-checksum", "c3"));

    assertThat(written()).containsSubsequence("HEADERS 1", "DATA 1 11", "HEADERS 1 end")
        .doesNotContain("DATA 1 11 end");
    assertThat(fieldsOf(0)).contains(":status: 200");
    assertThat(fieldsOf(1)).containsExactly("grpc-status: 0", "x-checksum: c3");
    assertThat(log.data.toString(StandardCharsets.UTF_8)).isEqualTo("reply to hi");
  }

  @Test
  void aWholeBodyResponseHasItsTrailersToo() throws Exception {
    start(65535);
    send(post("/?whole=1"), FrameWriter.data(1, new byte[0], 0, 0, true));

    assertThat(written()).containsExactly("SETTINGS", "SETTINGS ACK", "HEADERS 1", "DATA 1 9",
        "HEADERS 1 end");
    assertThat(fieldsOf(1)).containsExactly("grpc-status: 0", "x-checksum: null");
  }

  @Test
  void trailersWaitForTheBodyHeldBackByTheWindow() throws Exception {
    start(4);
    send(post("/"), FrameWriter.data(1, "hi".getBytes(StandardCharsets.UTF_8), 0, 2, true));

    assertThat(written()).endsWith("HEADERS 1", "DATA 1 4");

    send(FrameWriter.windowUpdate(1, 100));

    assertThat(written()).endsWith("DATA 1 4", "DATA 1 7", "HEADERS 1 end");
  }

  @Test
  void trailersWithoutEndStreamAreAStreamError() throws Exception {
    start(65535);
    send(post("/"), headers(1, false, "x-checksum", "c3"));

    assertThat(written()).contains("RST_STREAM 1 " + Http2.PROTOCOL_ERROR);
  }
}
