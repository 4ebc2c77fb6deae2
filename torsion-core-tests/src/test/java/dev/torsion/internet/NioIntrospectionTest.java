package dev.torsion.internet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NioIntrospectionTest {
  @Test
  void itReportsWhatIsOpenAndCleanUpClosesIt() {
    NioReactor reactor = new NioReactor();
    List<Failure> lost = new ArrayList<>();
    List<Protocol> accepted = new ArrayList<>();
    ListeningPort port = reactor.listenTCP(0, Factory.forProtocol(() -> new Protocol() {
      @Override
      public void connectionMade() {
        accepted.add(this);
      }

      @Override
      public void connectionLost(Failure reason) {
        lost.add(reason);
      }
    }), 50, "127.0.0.1");
    DelayedCall pending = reactor.callLater(3600, () -> {});
    List<Protocol> made = new ArrayList<>();
    reactor.connectTCP("127.0.0.1", NioTesting.port(port), new ClientFactory(() -> new Protocol() {
      @Override
      public void connectionMade() {
        made.add(this);
      }
    }));
    // Driven by iterate(), as trial does, so the reactor is not running when it is inspected.
    long deadline = System.nanoTime() + 10_000_000_000L;
    while ((made.isEmpty() || accepted.isEmpty()) && System.nanoTime() < deadline) {
      reactor.iterate(0.1);
    }
    assertThat(reactor.openPorts()).hasSize(1).first().asString()
        .contains("TCP Port 127.0.0.1:" + NioTesting.port(port));
    assertThat(reactor.openConnections()).hasSize(2)
        .allMatch(c -> c.startsWith("TCP connection 127.0.0.1:"));
    assertThat(reactor.pendingDelayedCalls()).contains(pending);

    reactor.cleanUp();

    assertThat(pending.active()).as("cleanUp cancelled it").isFalse();
    assertThat(lost).hasSize(1);
    assertThat(lost.get(0).check(ConnectionAborted.class)).isNotNull();
    assertThat(reactor.openPorts()).isEmpty();
    assertThat(reactor.openConnections()).isEmpty();
    reactor.close();
  }

  @Test
  void busyThreadsCountsPoolThreadsRunningWork() throws Exception {
    try (NioTesting t = new NioTesting()) {
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      t.call(() -> {
        t.reactor.callInThread(() -> {
          started.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        return null;
      });
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(t.reactor.busyThreads()).isEqualTo(1);
      release.countDown();
    }
  }
}
