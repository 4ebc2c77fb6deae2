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
 * An HTTP/2 connection asked to close gracefully (its server is shutting down) follows RFC 9113
 * 6.8: GOAWAY with the largest stream id, a grace in which streams on the wire are still taken,
 * the final GOAWAY naming the last one, and the close once those streams have been answered.
 */
class Http2GracefulCloseTest {
  private final Clock clock = new Clock();
  private final StringTransport transport = new StringTransport();
  private final List<Request> held = new ArrayList<>();
  private Http2ServerConnection server;

  /** Holds every request open until the test finishes it. */
  final class Held extends Resource {
    @Override public boolean isLeaf() {
      return true;
    }

    @Override protected byte[] renderGet(Request request) {
      held.add(request);
      return Site.NOT_DONE_YET;
    }
  }

  /** What the server wrote: frames as FrameLog names them, GOAWAYs with their last stream. */
  private List<String> written() throws Http2Exception {
    List<String> out = new ArrayList<>();
    FrameLog log = new FrameLog(false) {
      @Override public void goAway(int lastStreamId, int errorCode, byte[] debug) {
        frames.add("GOAWAY " + lastStreamId + " " + errorCode);
      }
    };
    out.addAll(log.read(transport.value()));
    return out;
  }

  private void start() {
    server = new Http2ServerConnection(new Site(new Held(), clock), Http2Limits.defaults());
    server.makeConnection(transport);
    send(Http2.PREFACE, FrameWriter.settings(new int[0], new long[0]), FrameWriter.settingsAck());
  }

  private void send(byte[]... frames) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] f : frames) {
      all.writeBytes(f);
    }
    server.dataReceived(all.toByteArray());
  }

  private static byte[] get(int stream) {
    byte[] block = new HpackEncoder().header(":method", "GET").header(":scheme", "http")
        .header(":authority", "x").header(":path", "/").take();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FrameWriter.headers(stream, block, true, 16384).forEach(out::writeBytes);
    return out.toByteArray();
  }

  @Test
  void streamsOnTheWireAreTakenThenTheConnectionClosesWhenTheyEnd() throws Exception {
    start();
    send(get(1));
    server.closeGracefully();

    assertThat(written()).contains("GOAWAY " + Integer.MAX_VALUE + " " + Http2.NO_ERROR);
    send(get(3)); // sent before the client saw the first GOAWAY: still served
    assertThat(held).hasSize(2);

    clock.advance(Http2ServerConnection.SHUTDOWN_GRACE_SECONDS);
    assertThat(written()).last().isEqualTo("GOAWAY 3 " + Http2.NO_ERROR);
    send(get(5)); // after the final GOAWAY: ignored, the client retries it elsewhere
    assertThat(held).hasSize(2);
    assertThat(transport.disconnecting).isFalse();

    held.get(0).write("one".getBytes(StandardCharsets.UTF_8));
    held.get(0).finish();
    assertThat(transport.disconnecting).isFalse();
    held.get(1).finish();
    assertThat(written()).contains("DATA 1 3", "HEADERS 3 end");
    assertThat(transport.disconnecting).isTrue();
    assertThat(clock.getDelayedCalls()).isEmpty();
  }

  @Test
  void anIdleConnectionClosesAfterTheGrace() throws Exception {
    start();
    server.closeGracefully();
    server.closeGracefully(); // asked twice: one GOAWAY

    assertThat(written().stream().filter(f -> f.startsWith("GOAWAY"))).hasSize(1);
    assertThat(transport.disconnecting).isFalse();
    clock.advance(Http2ServerConnection.SHUTDOWN_GRACE_SECONDS);
    assertThat(written()).last().isEqualTo("GOAWAY 0 " + Http2.NO_ERROR);
    assertThat(transport.disconnecting).isTrue();
  }

  @Test
  void aConnectionLostDuringTheGraceLeavesNoTimer() throws Exception {
    start();
    server.closeGracefully();
    server.connectionLost(dev.torsion.internet.Failure.of(
        new dev.torsion.internet.ConnectionLost("gone")));

    assertThat(clock.getDelayedCalls()).isEmpty();
  }
}
