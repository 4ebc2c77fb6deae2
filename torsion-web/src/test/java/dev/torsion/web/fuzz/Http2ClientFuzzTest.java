package dev.torsion.web.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.internet.ConnectionLost;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.TimeoutError;
import dev.torsion.internet.task.Clock;
import dev.torsion.trial.StringTransport;
import dev.torsion.web.Headers;
import dev.torsion.web.client.Response;
import dev.torsion.web.client.ResponseFailed;
import dev.torsion.web.http2.internal.Http2ClientConnection;
import dev.torsion.web.internal.ClientConnection;
import dev.torsion.web.internal.Http1Parser;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP/2 client connection under Jazzer, fed arbitrary bytes as the server's side of the
 * connection after one to four requests went out. Nothing escapes {@code dataReceived}; every
 * request ends, once the connection is lost at the latest, with a response or one of the
 * declared failures (ResponseFailed, or the read timeout's TimeoutError); no response has more
 * header fields, trailer fields or body bytes than the limits, and no trailer is a
 * pseudo-header or a field that may not be a trailer; what the client writes back stays within a
 * bound of what it read (no amplification, no unbounded queue); no timer outlives the
 * connection; and the outcome is the same whether the bytes come whole or cut anywhere.
 * Seeds in Http2ClientFuzzTestInputs/.
 */
class Http2ClientFuzzTest {
  private static final Http1Parser.Limits LIMITS = new Http1Parser.Limits(8192, 2048, 20, 4096);

  /** Everything the application and the server could see. */
  private record Outcome(List<String> requests, int written, boolean closed) {}

  private static Outcome run(byte[] server, int[] splits, int requests) {
    Clock clock = new Clock();
    StringTransport transport = new StringTransport();
    Deferred<ClientConnection> ready = new Deferred<>();
    Http2ClientConnection client = new Http2ClientConnection(clock, "https", LIMITS, ready);
    client.makeConnection(transport);
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      int n = i;
      outcomes.add("pending");
      Deferred<Response> d = client.request(i % 2 == 0 ? "GET" : "POST", "/" + i,
          new Headers().add("Host", "example.com"), null, 0);
      d.addCallback(r -> {
        assertThat(r.headers().size()).isLessThanOrEqualTo(LIMITS.maxHeaderCount() + 1);
        outcomes.set(n, "response " + r.code() + " " + r.headers());
        r.readBody().addCallback(body -> {
          assertThat((long) body.length).isLessThanOrEqualTo(LIMITS.maxBody());
          Headers trailers = r.trailers();
          assertThat(trailers.size()).isLessThanOrEqualTo(LIMITS.maxHeaderCount());
          trailers.forEach((name, value) -> assertThat(name).doesNotStartWith(":")
              .isNotIn("content-length", "transfer-encoding", "host", "set-cookie"));
          outcomes.set(n, outcomes.get(n) + " body " + body.length + " trailers " + trailers);
          return null;
        }).addErrback(f -> {
          outcomes.set(n, outcomes.get(n) + " body failed " + declared(f));
          return null;
        });
        return null;
      }).addErrback(f -> {
        outcomes.set(n, "failed " + declared(f));
        return null;
      });
    }
    int start = transport.value().length;
    int from = 0;
    for (int cut : splits) {
      feed(client, server, from, cut);
      from = cut;
    }
    feed(client, server, from, server.length);
    int written = transport.value().length - start;
    // Per byte read, at most a frame back (PING and SETTINGS answers, RST_STREAM, WINDOW_UPDATE).
    assertThat(written).isLessThanOrEqualTo(64 + 4 * server.length);
    boolean closed = transport.disconnecting;
    client.connectionLost(Failure.of(new ConnectionLost("test over")));
    assertThat(outcomes).as("every request ended, body included")
        .noneMatch(o -> o.equals("pending") || o.startsWith("response") && !o.contains(" body "));
    assertThat(clock.getDelayedCalls()).as("timers left").allMatch(c -> !c.active());
    return new Outcome(outcomes, written, closed);
  }

  private static void feed(Http2ClientConnection client, byte[] all, int from, int to) {
    if (to > from) {
      byte[] piece = new byte[to - from];
      System.arraycopy(all, from, piece, 0, piece.length);
      client.dataReceived(piece);
    }
  }

  /** A failure's type and message, asserting it is one the client declares. */
  private static String declared(Failure f) {
    Throwable e = f.value();
    assertThat(e).isInstanceOfAny(ResponseFailed.class, TimeoutError.class);
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  @FuzzTest(maxDuration = "20s")
  void serverFrames(FuzzedDataProvider data) {
    int requests = data.consumeInt(1, 4);
    int[] raw = Http1Run.rawSplits(data, 4);
    byte[] server = data.consumeRemainingAsBytes();
    Outcome whole = run(server, new int[0], requests);
    Outcome split = run(server, Http1Run.clamp(raw, server.length), requests);
    assertThat(split).isEqualTo(whole);
  }
}
