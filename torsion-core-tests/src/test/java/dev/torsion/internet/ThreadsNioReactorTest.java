package dev.torsion.internet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Threads against the real selector reactor: its pool, its thread, its shutdown. */
class ThreadsNioReactorTest {
  private NioReactor reactor;
  private Thread reactorThread;

  @BeforeEach
  void runReactor() {
    reactor = new NioReactor();
    reactorThread = new Thread(reactor::run, "threads-test-reactor");
    reactorThread.start();
  }

  @AfterEach
  void stopReactor() throws Exception {
    reactor.callFromThread(reactor::stop);
    reactorThread.join(TimeUnit.SECONDS.toMillis(20));
    assertThat(reactorThread.isAlive()).as("reactor stopped").isFalse();
  }

  @Test
  void deferToThreadFiresOnTheReactorThread() throws Exception {
    CompletableFuture<String> fired = new CompletableFuture<>();
    reactor.callFromThread(() -> Threads.deferToThread(reactor, () -> "computed on "
            + Thread.currentThread().getName())
        .addCallback(v -> {
          fired.complete(v + ", fired on " + Thread.currentThread().getName());
          return null;
        }));

    assertThat(fired.get(20, TimeUnit.SECONDS))
        .startsWith("computed on torsion-reactor-pool-")
        .endsWith("fired on threads-test-reactor");
  }

  @Test
  void blockingCallFromThreadOnTheReactorThreadIsRefusedAtTheFirstCall() throws Exception {
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    reactor.callFromThread(() -> {
      try {
        Threads.blockingCallFromThread(reactor, () -> "never");
        thrown.complete(null);
      } catch (Throwable t) {
        thrown.complete(t);
      }
    });

    assertThat(thrown.get(20, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void blockingCallFromThreadFromAPoolThreadRunsOnTheReactor() throws Exception {
    CompletableFuture<String> result = new CompletableFuture<>();
    reactor.callInThread(() -> result.complete(Threads.blockingCallFromThread(
        reactor, () -> Thread.currentThread().getName())));

    assertThat(result.get(20, TimeUnit.SECONDS)).isEqualTo("threads-test-reactor");
  }
}
