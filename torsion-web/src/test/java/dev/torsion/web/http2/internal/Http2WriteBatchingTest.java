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
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/2 server hands its frames to the transport once per batch: what one dataReceived
 * produced in one write at its end, what a Deferred answer produced at the end of the turn,
 * and never more than a bound at a time, so that the transport's backpressure still sees it.
 */
class Http2WriteBatchingTest {
  private final Clock clock = new Clock();
  private final CountingTransport transport = new CountingTransport();
  private final List<Request> held = new ArrayList<>();
  private Http2ServerConnection server;

  /** Counts the calls that hand bytes over (a writeSequence is one), and their sizes. */
  static final class CountingTransport extends StringTransport {
    final List<Integer> writes = new ArrayList<>();
    private boolean inSequence;

    @Override public void write(byte[] data) {
      if (!inSequence) {
        writes.add(data.length);
      }
      super.write(data);
    }

    @Override public void writeSequence(List<byte[]> data) {
      writes.add(data.stream().mapToInt(b -> b.length).sum());
      inSequence = true;
      try {
        super.writeSequence(data);
      } finally {
        inSequence = false;
      }
    }
  }

  /** "/" says hello at once, "/later" holds the request, "/big" answers 200 KiB. */
  final class Pages extends Resource {
    @Override public boolean isLeaf() {
      return true;
    }

    @Override protected byte[] renderGet(Request request) {
      return switch (request.getPath()) {
        case "/later" -> {
          held.add(request);
          yield Site.NOT_DONE_YET;
        }
        case "/big" -> new byte[200 * 1024];
        default -> "hello".getBytes(StandardCharsets.UTF_8);
      };
    }
  }

  private void start(byte[]... clientSettings) {
    server = new Http2ServerConnection(new Site(new Pages(), clock), Http2Limits.defaults());
    server.makeConnection(transport);
    ByteArrayOutputStream preface = new ByteArrayOutputStream();
    preface.writeBytes(Http2.PREFACE);
    for (byte[] f : clientSettings) {
      preface.writeBytes(f);
    }
    preface.writeBytes(FrameWriter.settingsAck());
    server.dataReceived(preface.toByteArray());
    transport.clear();
    transport.writes.clear();
  }

  private static byte[] get(int stream, String path) {
    byte[] block = new HpackEncoder().header(":method", "GET").header(":scheme", "http")
        .header(":authority", "x").header(":path", path).take();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FrameWriter.headers(stream, block, true, 16384).forEach(out::writeBytes);
    return out.toByteArray();
  }

  private List<String> written() throws Http2Exception {
    return new FrameLog(false).read(transport.value());
  }

  @Test
  void tenRequestsInOneReadAreAnsweredInOneWrite() throws Exception {
    start(FrameWriter.settings(new int[0], new long[0]));
    ByteArrayOutputStream ten = new ByteArrayOutputStream();
    List<String> expected = new ArrayList<>();
    for (int id = 1; id <= 19; id += 2) {
      ten.writeBytes(get(id, "/"));
      expected.add("HEADERS " + id);
      expected.add("DATA " + id + " 5 end");
    }
    server.dataReceived(ten.toByteArray());

    assertThat(transport.writes).hasSize(1);
    assertThat(written()).containsExactlyElementsOf(expected); // twenty frames, in order
    // No end-of-turn hand-over left pending (the idle timer, far off, is the only call).
    assertThat(clock.getDelayedCalls()).allMatch(c -> c.getTime() > clock.seconds());
  }

  @Test
  void aDeferredAnswerGoesOutInOneWriteAtTheEndOfTheTurn() throws Exception {
    start(FrameWriter.settings(new int[0], new long[0]));
    server.dataReceived(get(1, "/later"));
    assertThat(transport.writes).isEmpty();

    Request r = held.get(0);
    r.write("hel".getBytes(StandardCharsets.UTF_8));
    r.write("lo".getBytes(StandardCharsets.UTF_8));
    r.finish();
    assertThat(transport.writes).isEmpty(); // gathered until the reactor's turn ends

    clock.advance(0);
    assertThat(transport.writes).hasSize(1);
    assertThat(written()).last().isEqualTo("DATA 1 0 end");
    assertThat(written()).first().isEqualTo("HEADERS 1");
  }

  @Test
  void aLargeBatchIsHandedOverInBoundedWrites() throws Exception {
    // Windows wide enough for the whole body, so only the bound splits it.
    start(FrameWriter.settings(new int[] {Http2.SETTINGS_INITIAL_WINDOW_SIZE},
        new long[] {1 << 20}), FrameWriter.windowUpdate(0, 1 << 20));
    server.dataReceived(get(1, "/big"));

    int frame = Http2.FRAME_HEADER_LENGTH + Http2.MIN_MAX_FRAME_SIZE;
    assertThat(transport.writes).hasSizeGreaterThanOrEqualTo(3);
    assertThat(Collections.max(transport.writes))
        .isLessThan(Http2ServerConnection.MAX_GATHERED + frame);
    FrameLog log = new FrameLog(false);
    assertThat(log.read(transport.value())).last().isEqualTo("DATA 1 8192 end");
    assertThat(log.data.size()).isEqualTo(200 * 1024);
  }

  @Test
  void anErrorFlushesWhatWasGatheredBeforeItsGoAway() throws Exception {
    start(FrameWriter.settings(new int[0], new long[0]));
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    in.writeBytes(get(1, "/"));
    in.writeBytes(FrameWriter.windowUpdate(0, 0)); // a connection error: PROTOCOL_ERROR
    server.dataReceived(in.toByteArray());

    assertThat(written()).containsExactly("HEADERS 1", "DATA 1 5 end",
        "GOAWAY " + Http2.PROTOCOL_ERROR);
    assertThat(transport.writes).hasSize(1);
    assertThat(transport.disconnecting).isTrue();
  }
}
