package dev.torsion.web.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.internet.ConnectionLost;
import dev.torsion.internet.Failure;
import dev.torsion.internet.task.Clock;
import dev.torsion.trial.StringTransport;
import dev.torsion.web.http2.Http2Limits;
import dev.torsion.web.http2.internal.FrameWriter;
import dev.torsion.web.http2.internal.HpackEncoder;
import dev.torsion.web.http2.internal.Http2;
import dev.torsion.web.http2.internal.Http2ServerConnection;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import dev.torsion.web.websocket.WebSocketProtocol;
import dev.torsion.web.websocket.WebSocketResource;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * WebSocket over HTTP/2 (RFC 8441) under Jazzer: an HTTP/2 server connection with a
 * WebSocketResource, after a client preface and an extended CONNECT, gets whatever the fuzzer
 * makes of the rest: WebSocket frames (masked or not, any opcode, fragment or length) as DATA
 * on the stream, more extended CONNECTs, resets, window updates, GOAWAYs, raw bytes and time
 * passing. Nothing escapes the connection but a close, and once it is gone every WebSocket that
 * opened has heard onClose exactly once.
 */
class Http2WebSocketFuzzTest {
  private static final class Counting extends WebSocketProtocol {
    static int opened;
    static int closed;

    @Override public void onOpen() {
      opened++;
    }

    @Override public void textMessageReceived(String message) {
      sendText(message);
    }

    @Override public void binaryMessageReceived(byte[] message) {
      sendBinary(message);
    }

    @Override public void onClose(int code, String reason) {
      closed++;
    }
  }

  private static byte[] connect(int stream) {
    byte[] block = new HpackEncoder().header(":method", "CONNECT").header(":protocol",
        "websocket").header(":scheme", "https").header(":authority", "x").header(":path", "/ws")
        .header("sec-websocket-version", "13").take();
    return concat(FrameWriter.headers(stream, block, false, 16384));
  }

  private static byte[] concat(List<byte[]> frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    frames.forEach(out::writeBytes);
    return out.toByteArray();
  }

  /** A WebSocket frame with the fuzzer's header bits and payload, masked or not. */
  private static byte[] wsFrame(FuzzedDataProvider data) {
    boolean fin = data.consumeBoolean();
    boolean rsv1 = data.consumeBoolean();
    int opcode = data.consumeInt(0, 15);
    byte[] payload = data.consumeBytes(data.consumeInt(0, 300));
    byte[] mask = data.consumeBoolean() ? data.consumeBytes(4) : null;
    if (mask != null && mask.length < 4) {
      mask = new byte[] {1, 2, 3, 4};
    }
    byte[] head = dev.torsion.web.websocket.internal.FrameWriter.header(fin, rsv1, opcode,
        payload.length, mask);
    byte[] body = mask == null ? payload
        : dev.torsion.web.websocket.internal.FrameWriter.masked(payload, 0, payload.length, mask);
    byte[] all = java.util.Arrays.copyOf(head, head.length + body.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return all;
  }

  @FuzzTest(maxDuration = "20s")
  void framesOnWebSocketStreams(FuzzedDataProvider data) {
    Counting.opened = 0;
    Counting.closed = 0;
    Clock clock = new Clock();
    Resource root = new Resource();
    root.putChild("ws", new WebSocketResource(r -> new Counting()));
    Site site = new Site(root, clock);
    Http2ServerConnection server = new Http2ServerConnection(site, Http2Limits.defaults());
    StringTransport transport = new StringTransport();
    server.makeConnection(transport);
    server.dataReceived(Http2.PREFACE);
    server.dataReceived(FrameWriter.settings(new int[0], new long[0]));
    server.dataReceived(FrameWriter.settingsAck());
    server.dataReceived(connect(1));
    int nextStream = 3;
    for (int steps = 0; steps < 64 && data.remainingBytes() > 0 && !transport.disconnecting;
        steps++) {
      int stream = data.consumeBoolean() ? 1 : nextStream - 2;
      switch (data.consumeInt(0, 7)) {
        case 0, 1, 2 -> {
          byte[] frames = wsFrame(data);
          server.dataReceived(FrameWriter.data(stream, frames, 0, frames.length,
              data.consumeInt(0, 15) == 0));
        }
        case 3 -> {
          server.dataReceived(connect(nextStream));
          nextStream += 2;
        }
        case 4 -> server.dataReceived(FrameWriter.rstStream(stream, data.consumeInt(0, 13)));
        case 5 -> server.dataReceived(FrameWriter.windowUpdate(data.consumeBoolean() ? 0 : stream,
            data.consumeInt(1, 1 << 20)));
        case 6 -> clock.advance(data.consumeInt(0, 30));
        default -> {
          if (data.consumeBoolean()) {
            server.dataReceived(FrameWriter.goAway(nextStream, data.consumeInt(0, 13), ""));
          } else {
            server.dataReceived(data.consumeBytes(data.consumeInt(1, 64)));
          }
        }
      }
      clock.advance(0);
    }
    assertThat(Counting.closed).isLessThanOrEqualTo(Counting.opened);

    server.transportClosed(Failure.of(new ConnectionLost("fuzz run over")));
    clock.advance(0);

    assertThat(Counting.closed).as("every WebSocket that opened was closed once")
        .isEqualTo(Counting.opened);
    assertThat(Counting.opened).as("the first extended CONNECT was accepted").isPositive();
  }
}
