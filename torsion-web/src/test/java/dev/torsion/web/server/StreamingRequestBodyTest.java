package dev.torsion.web.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Failure;
import dev.torsion.trial.StringTransport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server side of StreamingRequestBody: pieces as parsed, pause/resume, ends and limits. */
class StreamingRequestBodyTest {
  /** Records the pieces it is given; answers "got N" when the body ends, or at once if told. */
  static final class Collector extends Resource implements StreamingRequestBody {
    final List<String> pieces = new ArrayList<>();
    long limit = 1000;
    boolean answerAtOnce;
    Request request;
    Failure failure;
    boolean ended;
    boolean renderedBeforeBody;

    @Override public boolean isLeaf() {
      return true;
    }

    @Override public long streamingBodyLimit(Request r) {
      return limit;
    }

    @Override public byte[] render(Request r) {
      request = r;
      if (limit < 0) {
        return ("whole " + new String(r.getContentBytes(), StandardCharsets.US_ASCII)).getBytes(
            StandardCharsets.US_ASCII);
      }
      renderedBeforeBody = pieces.isEmpty();
      r.setBodyReceiver(new Receiver() {
        @Override public void bodyDataReceived(byte[] data) {
          pieces.add(new String(data, StandardCharsets.US_ASCII));
        }

        @Override public void bodyEnded(Failure reason) {
          ended = true;
          failure = reason;
          if (reason == null && !r.isFinished()) {
            r.writeAndFinish(("got " + String.join("|", pieces)).getBytes(StandardCharsets.US_ASCII));
          }
        }
      });
      if (answerAtOnce) {
        return "early".getBytes(StandardCharsets.US_ASCII);
      }
      return Site.NOT_DONE_YET;
    }
  }

  private final Collector collector = new Collector();
  private final ServerHarness h = new ServerHarness(collector).connect();

  @Test
  void theResourceRendersAtTheHeadAndGetsEachPieceAsItIsParsed() {
    h.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nab");
    assertThat(collector.renderedBeforeBody).isTrue();
    assertThat(collector.request.isBodyStreamed()).isTrue();
    assertThat(collector.pieces).containsExactly("ab");

    h.send("cd").send("ef");

    assertThat(collector.pieces).containsExactly("ab", "cd", "ef");
    assertThat(collector.ended).isTrue();
    assertThat(collector.failure).isNull();
    assertThat(h.output()).endsWith("got ab|cd|ef");
  }

  @Test
  void pauseBodyPausesTheTransportAndHoldsInputUntilResume() {
    h.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n");
    collector.request.pauseBody();
    assertThat(h.transport.producerState).isEqualTo(StringTransport.ProducerState.PAUSED);

    h.send("2\r\ncd\r\n0\r\n\r\n");
    assertThat(collector.pieces).containsExactly("ab");

    collector.request.resumeBody();

    assertThat(h.transport.producerState).isEqualTo(StringTransport.ProducerState.PRODUCING);
    assertThat(collector.pieces).containsExactly("ab", "cd");
    assertThat(h.output()).endsWith("got ab|cd");
  }

  @Test
  void keepAliveContinuesAfterAStreamedBodyAndItsResponse() {
    h.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nab"
        + "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\ncd");

    assertThat(h.output()).contains("got ab").endsWith("got ab|cd"); // same resource, same list
    assertThat(h.closed()).isFalse();
  }

  @Test
  void aResponseFinishedBeforeTheBodyClosesTheConnectionAndIgnoresWhatFollows() {
    collector.answerAtOnce = true;
    h.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
    h.send("defghij" + "GET /next HTTP/1.1\r\nHost: x\r\n\r\n");

    assertThat(h.output()).contains("Connection: close").endsWith("early");
    assertThat(h.output()).containsOnlyOnce("HTTP/1.1");
    assertThat(h.closed()).isTrue();
  }

  @Test
  void aChunkedBodyPastTheResourcesLimitIs413AndTheReceiverHearsWhy() {
    collector.limit = 3;
    h.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n"
        + "2\r\ncd\r\n");

    assertThat(h.output()).startsWith("HTTP/1.1 413 ");
    assertThat(collector.failure).isNotNull();
    assertThat(collector.pieces).containsExactly("ab");
    assertThat(h.closed()).isTrue();
  }

  @Test
  void aBadChunkEndsTheBodyWithAFailureAnd400() {
    h.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\nzz\r\n");

    assertThat(h.output()).startsWith("HTTP/1.1 400 ");
    assertThat(collector.failure.getErrorMessage()).contains("chunk");
  }

  @Test
  void theClientGoingAwayEndsTheBodyWithTheReason() {
    h.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");

    h.protocol.connectionLost(Failure.of(new dev.torsion.internet.ConnectionLost("gone")));

    assertThat(collector.failure.check(dev.torsion.internet.ConnectionLost.class)).isNotNull();
    assertThat(collector.request.isLost()).isTrue();
  }

  @Test
  void aStalledStreamedBodyTimesOutWith408ButNotWhileTheResourcePausesIt() {
    h.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
    collector.request.pauseBody();
    h.clock.advance(h.site.getTimeout() * 3);
    assertThat(h.output()).isEmpty();

    collector.request.resumeBody();
    h.clock.advance(h.site.getTimeout() - 1);
    h.send("de"); // progress pushes the timeout back
    h.clock.advance(h.site.getTimeout() - 1);
    assertThat(h.output()).isEmpty();
    h.clock.advance(1);

    assertThat(h.output()).startsWith("HTTP/1.1 408 ");
    assertThat(collector.failure.getErrorMessage()).contains("timed out");
    assertThat(h.closed()).isTrue();
  }

  @Test
  void aNegativeLimitReadsTheBodyWholeUnderTheSitesLimitAsUsual() {
    collector.limit = -1;
    ServerHarness h = new ServerHarness(collector);
    h.site.setMaxBodyBytes(4);
    h.connect().send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nabcd");
    assertThat(h.output()).endsWith("whole abcd");
    assertThat(collector.request.isBodyStreamed()).isFalse();

    h.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n");
    assertThat(h.output()).contains("HTTP/1.1 413 ");
  }

  @Test
  void expectContinueIsAnsweredBeforeTheResourceRenders() {
    h.send("PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
    assertThat(h.output()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
    assertThat(collector.request).isNotNull();

    h.send("ok");
    assertThat(h.output()).endsWith("got ok");
  }
}
