package dev.torsion.web.server;

import static dev.torsion.web.server.Resources.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.ConnectionDone;
import dev.torsion.internet.Failure;
import dev.torsion.trial.StringTransport.ProducerState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Http1ServerConnectionTest {
  private ServerHarness server;

  @AfterEach
  void noTimersLeftOnceClosed() {
    if (server != null && server.closed()) {
      assertThat(server.clock.getDelayedCalls()).isEmpty();
    }
  }

  private ServerHarness serve(Resource root) {
    server = new ServerHarness(root).connect();
    return server;
  }

  @Test
  void answersAGetWithLengthDateAndServerInOneWrite() {
    serve(new Resources.Text("hello"));

    server.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");

    String out = server.output();
    assertThat(out).startsWith("HTTP/1.1 200 OK\r\n");
    assertThat(out).contains("Content-Length: 5\r\n", "Content-Type: text/plain\r\n",
        "Server: Torsion\r\n");
    assertThat(out).containsPattern("Date: \\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\r\n");
    assertThat(out).endsWith("\r\n\r\nhello");
    assertThat(server.closed()).isFalse();
  }

  @Test
  void keepsTheConnectionForTheNextRequest() {
    serve(new Resources.Text("hi"));

    server.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    server.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");

    assertThat(server.output().split("HTTP/1.1 200 OK", -1)).hasSize(3);
    assertThat(server.closed()).isFalse();
  }

  @Test
  void closesAfterTheResponseWhenTheClientAsks() {
    serve(new Resources.Text("hi"));

    server.send("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");

    assertThat(server.output()).contains("Connection: close\r\n").endsWith("hi");
    assertThat(server.closed()).isTrue();
  }

  @Test
  void http10ClosesUnlessKeepAliveAndEchoesKeepAlive() {
    serve(new Resources.Text("hi"));

    server.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    assertThat(server.output()).contains("Connection: keep-alive\r\n");
    assertThat(server.closed()).isFalse();

    server.send("GET / HTTP/1.0\r\n\r\n");
    assertThat(server.closed()).isTrue();
  }

  @Test
  void headGetsGetsHeadersWithoutTheBody() {
    serve(new Resources.Text("hello"));

    server.send("HEAD / HTTP/1.1\r\nHost: h\r\n\r\n");

    assertThat(server.output()).contains("Content-Length: 5\r\n").endsWith("\r\n\r\n");
  }

  @Test
  void pipelinedRequestsAreDispatchedOneAfterTheOtherAndAnsweredInOrder() {
    Resources.Held held = new Resources.Held();
    serve(held);

    server.send("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n"
        + "GET /3 HTTP/1.1\r\nHost: h\r\n\r\n");
    assertThat(held.requests).extracting(Request::getUri).containsExactly("/1");

    held.requests.get(0).write(utf8("one"));
    assertThat(held.requests).hasSize(1); // not finished: /2 still waits
    held.requests.get(0).finish();
    assertThat(held.requests).extracting(Request::getUri).containsExactly("/1", "/2");
    held.requests.get(1).writeAndFinish(utf8("two"));
    held.requests.get(2).writeAndFinish(utf8("three"));

    String out = server.output();
    assertThat(out.indexOf("one")).isLessThan(out.indexOf("two"));
    assertThat(out.indexOf("two")).isLessThan(out.indexOf("three"));
  }

  @Test
  void pausesReadingWhenTooMuchPipelinedInputWaitsAndResumesAfter() {
    Resources.Held held = new Resources.Held();
    serve(held);
    server.site.setMaxPipelinedInput(100);

    server.send("GET /1 HTTP/1.1\r\nHost: h\r\n\r\n");
    server.send("GET /2 HTTP/1.1\r\nHost: h\r\nX-Pad: " + "p".repeat(200) + "\r\n\r\n");
    assertThat(server.transport.producerState).isEqualTo(ProducerState.PAUSED);

    held.requests.get(0).writeAndFinish(utf8("one"));

    assertThat(server.transport.producerState).isEqualTo(ProducerState.PRODUCING);
    assertThat(held.requests).hasSize(2);
  }

  @Test
  void streamsAResponseOfUnknownLengthChunked() {
    Resources.Held held = new Resources.Held();
    serve(held);

    server.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    Request r = held.requests.get(0);
    r.write(utf8("hello "));
    r.write(new byte[0]);
    r.write(utf8("world"));
    r.finish();

    assertThat(server.output()).contains("Transfer-Encoding: chunked\r\n")
        .endsWith("\r\n\r\n6\r\nhello \r\n5\r\nworld\r\n0\r\n\r\n");
  }

  @Test
  void streamsToAnHttp10ClientByClosing() {
    Resources.Held held = new Resources.Held();
    serve(held);

    server.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    held.requests.get(0).write(utf8("data"));
    held.requests.get(0).finish();

    assertThat(server.output()).doesNotContain("chunked").contains("Connection: close")
        .endsWith("\r\n\r\ndata");
    assertThat(server.closed()).isTrue();
  }

  @Test
  void sends100ContinueBeforeReadingTheBody() {
    serve(new Resources.Text("x"));

    server.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
    assertThat(server.output()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");

    server.send("body");
    assertThat(server.output()).contains("HTTP/1.1 200 OK").endsWith("body");
  }

  @Test
  void refusesAnOversizedBodyBefore100Continue() {
    serve(new Resources.Text("x"));
    server.site.setMaxBodyBytes(10);
    server = new ServerHarness(new Resources.Text("x"));
    server.site.setMaxBodyBytes(10);
    server.connect();

    server.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n");

    assertThat(server.output()).startsWith("HTTP/1.1 413 ").doesNotContain("100 Continue");
    assertThat(server.closed()).isTrue();
  }

  @Test
  void readsAChunkedRequestBody() {
    serve(new Resources.Text("x"));

    server.send("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");

    assertThat(server.output()).contains("Content-Length: 3\r\n").endsWith("abc");
  }

  @Test
  void aSmuggledRequestBehindABadOneIsNeverActedOn() {
    Resources.Text text = new Resources.Text("x");
    serve(text);

    server.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n"
        + "\r\n0\r\n\r\nGET /admin HTTP/1.1\r\nHost: h\r\n\r\n");

    assertThat(server.output()).startsWith("HTTP/1.1 400 Bad Request\r\n")
        .contains("Connection: close").doesNotContain("200 OK");
    assertThat(text.renders).isZero();
    assertThat(server.closed()).isTrue();
  }

  @Test
  void anInvalidRequestAfterAGoodOneIsAnsweredOnlyAfterTheGoodOne() {
    Resources.Held held = new Resources.Held();
    serve(held);

    server.send("GET /ok HTTP/1.1\r\nHost: h\r\n\r\nGET /bad HTTP/1.1\nHost: h\r\n\r\n");
    assertThat(server.output()).isEmpty();
    held.requests.get(0).writeAndFinish(utf8("fine"));

    assertThat(server.output()).startsWith("HTTP/1.1 200 OK").contains("fineHTTP/1.1 400 ");
    assertThat(held.requests).hasSize(1);
    assertThat(server.closed()).isTrue();
  }

  @Test
  void answersLimitsWithTheirStatus() {
    for (String[] c : new String[][] {
        {"GET /" + "a".repeat(9000) + " HTTP/1.1\r\n", "414"},
        {"GET / HTTP/1.1\r\nHost: h\r\n" + "X-A: b\r\n".repeat(101) + "\r\n", "431"},
        {"GET / HTTP/1.1\r\nHost: h\r\nX-A: " + "b".repeat(40000) + "\r\n\r\n", "431"},
        {"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999\r\n\r\n", "413"}}) {
      ServerHarness s = new ServerHarness(new Resources.Text("x")).connect();
      s.send(c[0]);
      assertThat(s.output()).as(c[1]).startsWith("HTTP/1.1 " + c[1] + " ");
      assertThat(s.closed()).isTrue();
      assertThat(s.clock.getDelayedCalls()).isEmpty();
    }
  }

  @Test
  void closesAnIdleConnectionAfterTheTimeout() {
    serve(new Resources.Text("x"));

    server.clock.advance(59);
    assertThat(server.closed()).isFalse();
    server.clock.advance(1);

    assertThat(server.closed()).isTrue();
    assertThat(server.output()).isEmpty();
  }

  @Test
  void aSlowHeaderDoesNotPushTheDeadlineBack() {
    serve(new Resources.Text("x"));

    for (int i = 0; i < 5; i++) {
      server.send("G");
      server.clock.advance(11);
    }
    assertThat(server.closed()).isFalse();
    server.send("E");
    server.clock.advance(5);

    assertThat(server.closed()).isTrue();
    assertThat(server.output()).startsWith("HTTP/1.1 408 ");
  }

  @Test
  void theIdleTimeoutRestartsAfterEachResponse() {
    serve(new Resources.Text("x"));

    server.clock.advance(50);
    server.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    server.clock.advance(50);
    assertThat(server.closed()).isFalse();
    server.clock.advance(10);
    assertThat(server.closed()).isTrue();
  }

  @Test
  void keepAliveRequestsPushTheTimeoutBackWithoutSchedulingATimerEach() {
    serve(new Resources.Text("x"));
    server.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n"); // the HTTP/1.1 connection takes over
    assertThat(server.clock.getDelayedCalls()).hasSize(1);
    DelayedCall armed = server.clock.getDelayedCalls().get(0);

    for (int i = 0; i < 20; i++) {
      server.clock.advance(1);
      server.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
      assertThat(server.clock.getDelayedCalls()).as("timers after request " + i)
          .containsExactly(armed);
    }
    for (int i = 0; i < 20; i++) {
      server.clock.advance(30); // the armed call comes due early and moves to the new deadline
      server.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
      assertThat(server.clock.getDelayedCalls()).as("timers after request " + i).hasSize(1);
    }
    assertThat(server.closed()).as("620 s of traffic, never 60 idle").isFalse();
    server.clock.advance(59.5);
    assertThat(server.closed()).isFalse();
    server.clock.advance(0.5);

    assertThat(server.closed()).isTrue();
    assertThat(server.clock.getDelayedCalls()).isEmpty();
  }

  @Test
  void theTimeoutCountsFromTheEndOfASlowResponse() {
    Resources.Held held = new Resources.Held();
    serve(held);
    server.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    server.clock.advance(100);

    held.requests.get(0).writeAndFinish(utf8("late"));
    server.clock.advance(59);
    assertThat(server.closed()).isFalse();
    server.clock.advance(1);

    assertThat(server.closed()).isTrue();
  }

  @Test
  void noTimeoutWhileTheApplicationIsResponding() {
    Resources.Held held = new Resources.Held();
    serve(held);

    server.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    server.clock.advance(600);

    assertThat(server.closed()).isFalse();
    held.requests.get(0).writeAndFinish(utf8("late"));
    assertThat(server.output()).endsWith("late");
  }

  @Test
  void notifyFinishFailsWhenTheClientGoesAway() {
    Resources.Held held = new Resources.Held();
    serve(held);
    server.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    List<Object> results = new ArrayList<>();
    held.requests.get(0).notifyFinish().addCallbacks(ok -> results.add("finished"),
        f -> results.add(f));

    server.protocol.transportClosed(Failure.of(new ConnectionDone("gone")));

    assertThat(results).hasSize(1);
    assertThat(results.get(0)).isInstanceOf(Failure.class);
    held.requests.get(0).write(utf8("ignored"));
    held.requests.get(0).finish();
    assertThat(server.output()).isEmpty();
  }

  @Test
  void notifyFinishFiresWhenTheResponseIsDone() {
    Resources.Held held = new Resources.Held();
    serve(held);
    server.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    List<Object> results = new ArrayList<>();
    held.requests.get(0).notifyFinish().addCallback(ok -> results.add("finished"));

    held.requests.get(0).finish();

    assertThat(results).containsExactly("finished");
    assertThat(server.output()).contains("Content-Length: 0\r\n");
  }

  @Test
  void anExceptionInRenderAnswers500WithoutDetails() {
    serve(new Resource() {
      @Override public boolean isLeaf() {
        return true;
      }

      @Override protected byte[] renderGet(Request request) {
        throw new IllegalStateException("secret detail");
      }
    });
    List<Object> logged = new ArrayList<>();
    try (AutoCloseable obs = dev.torsion.internet.Log.addErrorObserver(logged::add)) {
      server.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    } catch (Exception e) {
      throw new AssertionError(e);
    }

    assertThat(server.output()).startsWith("HTTP/1.1 500 ").doesNotContain("secret detail");
    assertThat(logged).hasSize(1);
    assertThat(server.closed()).isFalse();
  }

  @Test
  void refusesHeaderInjectionFromTheApplication() {
    serve(new Resource() {
      @Override public boolean isLeaf() {
        return true;
      }

      @Override protected byte[] renderGet(Request request) {
        request.setHeader("X-Echo", request.getArg("v"));
        return utf8("no");
      }
    });
    try (AutoCloseable obs = dev.torsion.internet.Log.addErrorObserver(e -> { })) {
      server.send("GET /?v=a%0d%0aSet-Cookie:%20x=y HTTP/1.1\r\nHost: h\r\n\r\n");
    } catch (Exception e) {
      throw new AssertionError(e);
    }

    assertThat(server.output()).startsWith("HTTP/1.1 500 ").doesNotContain("Set-Cookie");
  }

  @Test
  void writesTheAccessLogInCombinedFormat() {
    serve(new Resources.Text("hello"));
    List<String> lines = new ArrayList<>();
    server.site.setAccessLog(lines::add);

    server.send("GET /x?\"q HTTP/1.1\r\nHost: h\r\nReferer: http://r/\r\nUser-Agent: ua \"1\"\r\n\r\n");

    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).matches("192\\.168\\.1\\.1 - - \\[\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2}"
        + " \\+0000\\] \"GET /x\\?\\\\\"q HTTP/1.1\" 200 5 \"http://r/\" \"ua \\\\\"1\\\\\"\"");
  }
}
