package dev.torsion.web.client;

import static dev.torsion.trial.Trial.assertNoResult;
import static dev.torsion.trial.Trial.failureResultOf;
import static dev.torsion.trial.Trial.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.ByteConsumer;
import dev.torsion.internet.CancelledError;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Protocol;
import dev.torsion.trial.MemoryReactor;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pool's lifecycle and the agent's cancellation, on an in-memory reactor and a Clock. */
class HttpConnectionPoolTest {
  private Resource root() {
    Resource root = new Resource();
    root.putChild("hello", new AgentTest.Leaf() {
      @Override protected byte[] renderGet(Request r) {
        return AgentTest.utf8("hi");
      }
    });
    root.putChild("silent", new AgentTest.Leaf() {
      @Override protected byte[] renderGet(Request r) {
        return Site.NOT_DONE_YET;
      }
    });
    root.putChild("slow", new AgentTest.Leaf() {
      @Override protected byte[] renderGet(Request r) {
        r.setHeader("Content-Length", "2000");
        r.write(new byte[1000]);
        backend.clock.callLater(1, () -> r.writeAndFinish(new byte[1000]));
        return Site.NOT_DONE_YET;
      }
    });
    root.putChild("fat-head", new AgentTest.Leaf() {
      @Override protected byte[] renderGet(Request r) {
        r.setHeader("X-Fat", "f".repeat(Integer.parseInt(r.getArg("n"))));
        return AgentTest.utf8("ok");
      }
    });
    return root;
  }

  private final MemoryBackend backend = new MemoryBackend(root());
  private final HttpAgent agent = new HttpAgent(backend.reactor);

  private Deferred<byte[]> get(String path) {
    return agent.request("GET", "http://backend.local" + path, null, null)
        .addDeferredCallback(Response::readBody);
  }

  @Test
  void closeCachedConnectionsFiresOnlyOnceItsConnectionsHaveClosed() {
    Deferred<byte[]> body = get("/hello");
    backend.flush();
    assertThat(successResultOf(body)).asString(StandardCharsets.UTF_8).isEqualTo("hi");
    assertThat(agent.getPool().idleConnections()).isEqualTo(1);

    Deferred<Void> closed = agent.getPool().closeCachedConnections();

    assertNoResult(closed); // the close is under way, not done
    backend.flush();
    successResultOf(closed);
    assertThat(backend.allClosed()).isTrue();
  }

  @Test
  void theConnectionIsBackInThePoolBeforeTheBodyDeferredFires() {
    int[] idleWhenBodyArrived = {-1};
    List<Deferred<Void>> closed = new ArrayList<>();
    get("/hello").addCallback(body -> {
      idleWhenBodyArrived[0] = agent.getPool().idleConnections();
      closed.add(agent.getPool().closeCachedConnections()); // "my work is done"
      return null;
    });

    backend.flush();

    assertThat(idleWhenBodyArrived[0]).isEqualTo(1);
    successResultOf(closed.get(0));
    assertThat(backend.allClosed()).isTrue();
    assertThat(backend.clock.getDelayedCalls()).as("no idle timer left behind").isEmpty();
  }

  @Test
  void aNewRequestFromTheBodyCallbackReusesTheConnection() {
    Deferred<byte[]> second = get("/hello").addDeferredCallback(first -> get("/hello"));

    backend.flush();

    assertThat(successResultOf(second)).asString(StandardCharsets.UTF_8).isEqualTo("hi");
    assertThat(backend.reactor.tcpClients).hasSize(1);
  }

  @Test
  void aResponseThatEndsBeforeTheRequestBodyIsSentClosesTheConnection() {
    MemoryBackend early = new MemoryBackend(() -> new Protocol() {
      @Override public void dataReceived(byte[] data) {
        if (transport.isDisconnecting()) {
          return;
        }
        transport.write(AgentTest.utf8("HTTP/1.1 413 Payload Too Large\r\nContent-Length: 4\r\n\r\nbig!"));
      }
    });
    HttpAgent a = new HttpAgent(early.reactor);
    boolean[] stopped = {false};
    BodyProducer endless = new BodyProducer() {
      @Override public long length() {
        return 1_000_000;
      }

      @Override public Deferred<Void> startProducing(ByteConsumer consumer) {
        consumer.write(new byte[10]);
        return new Deferred<>(); // the rest never comes
      }

      @Override public void pauseProducing() {}

      @Override public void resumeProducing() {}

      @Override public void stopProducing() {
        stopped[0] = true;
      }
    };

    Deferred<Response> response = a.request("POST", "http://backend.local/up", null, endless);
    early.flush();
    Deferred<byte[]> body = successResultOf(response).readBody();
    early.flush();

    assertThat(successResultOf(body)).asString(StandardCharsets.UTF_8).isEqualTo("big!");
    assertThat(stopped[0]).isTrue();
    assertThat(a.getPool().idleConnections()).isZero();
    assertThat(early.allClosed()).isTrue();
  }

  @Test
  void cancellingAWaitingRequestClosesItsConnection() {
    Deferred<byte[]> body = get("/silent");
    backend.flush();
    assertNoResult(body);

    body.cancel();
    backend.flush();

    failureResultOf(body, CancelledError.class);
    assertThat(backend.allClosed()).isTrue();
    assertThat(agent.getPool().idleConnections()).isZero();
  }

  @Test
  void cancellingWhileConnectingStopsTheAttemptAndClosesALateConnection() {
    Deferred<byte[]> body = get("/hello");
    MemoryReactor.FakeConnector connector = backend.reactor.connectors.get(0);

    body.cancel();
    failureResultOf(body, CancelledError.class);
    assertThat(connector.stoppedConnecting).isTrue();
    backend.flush(); // the in-memory reactor connects anyway: the connection must not be used

    assertThat(backend.allClosed()).isTrue();
    assertThat(agent.getPool().idleConnections()).isZero();
  }

  @Test
  void theReadTimeoutDoesNotCountWhileTheApplicationHoldsTheBody() {
    agent.setReadTimeout(5);
    Deferred<Response> response = agent.request("GET", "http://backend.local/slow", null, null);
    backend.flush();
    Response r = successResultOf(response);

    backend.clock.advance(30); // the application looks at the head for a while
    Deferred<byte[]> body = r.readBody();
    backend.flush();

    assertThat(successResultOf(body)).hasSize(2000);
  }

  @Test
  void theReadTimeoutStillFiresForASilentServer() {
    agent.setReadTimeout(5);
    Deferred<byte[]> body = get("/silent");
    backend.flush();

    backend.clock.advance(5);
    backend.flush();

    failureResultOf(body, dev.torsion.internet.TimeoutError.class);
    assertThat(backend.allClosed()).isTrue();
  }

  @Test
  void aResponseHeadPastTheLimitFails() {
    agent.setMaxResponseHeaderBytes(1024);
    Deferred<byte[]> small = get("/fat-head?n=500");
    backend.flush();
    Deferred<byte[]> fat = get("/fat-head?n=2000");
    backend.flush();

    assertThat(successResultOf(small)).asString(StandardCharsets.UTF_8).isEqualTo("ok");
    assertThat(failureResultOf(fat, ResponseFailed.class).getErrorMessage()).contains("1024");
  }

  @Test
  void theDefaultHeadLimitIs64KiB() {
    Deferred<byte[]> fine = get("/fat-head?n=60000");
    backend.flush();
    Deferred<byte[]> fat = get("/fat-head?n=70000");
    backend.flush();

    assertThat(successResultOf(fine)).asString(StandardCharsets.UTF_8).isEqualTo("ok");
    failureResultOf(fat, ResponseFailed.class);
  }
}
