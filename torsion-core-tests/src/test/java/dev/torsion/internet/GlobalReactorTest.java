package dev.torsion.internet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The process-wide reactor of scripts ({@code from twisted.internet import reactor}). This JVM's
 * global reactor is only looked at here, never run, so other tests in the fork may still use it.
 */
class GlobalReactorTest {
  @Test
  void everyThreadGetsTheSameRealReactorNotYetRunning() throws Exception {
    CompletableFuture<Reactor> fromAnotherThread = new CompletableFuture<>();
    Thread t = new Thread(() -> fromAnotherThread.complete(Reactor.global()), "asks-for-the-global-reactor");
    t.start();

    Reactor here = Reactor.global();

    assertThat(fromAnotherThread.get(10, TimeUnit.SECONDS)).isSameAs(here);
    assertThat(here).isInstanceOf(NioReactor.class).isSameAs(Reactor.global());
    assertThat(here.isRunning()).isFalse();
    t.join(TimeUnit.SECONDS.toMillis(10));
  }
}
