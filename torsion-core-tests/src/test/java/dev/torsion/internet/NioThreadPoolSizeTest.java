package dev.torsion.internet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** NioReactor.suggestThreadPoolSize: a suggestion, so 0 still leaves one thread to run work. */
class NioThreadPoolSizeTest {
  @Test
  void zeroBeforeThePoolStartsIsTakenAsOneAndWorkStillRuns() throws Exception {
    NioReactor reactor = new NioReactor();
    Thread loop = new Thread(reactor::run, "pool-size-test-reactor");
    loop.start();
    try {
      CompletableFuture<Integer> max = new CompletableFuture<>();
      CompletableFuture<String> ran = new CompletableFuture<>();
      reactor.callFromThread(() -> {
        reactor.suggestThreadPoolSize(0);
        max.complete(reactor.getThreadPool().getMax());
        reactor.callInThread(() -> ran.complete(Thread.currentThread().getName()));
      });

      assertThat(max.get(20, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(ran.get(20, TimeUnit.SECONDS)).startsWith("torsion-reactor-pool");
    } finally {
      reactor.callFromThread(reactor::stop);
      loop.join(TimeUnit.SECONDS.toMillis(20));
    }
    assertThat(loop.isAlive()).as("reactor stopped").isFalse();
  }

  @Test
  void zeroOnARunningPoolShrinksItToOne() throws Exception {
    NioReactor reactor = new NioReactor();
    Thread loop = new Thread(reactor::run, "pool-size-test-reactor");
    loop.start();
    try {
      CompletableFuture<Integer> max = new CompletableFuture<>();
      reactor.callFromThread(() -> {
        reactor.getThreadPool(); // started with the default maximum
        reactor.suggestThreadPoolSize(0);
        max.complete(reactor.getThreadPool().getMax());
      });

      assertThat(max.get(20, TimeUnit.SECONDS)).isEqualTo(1);
    } finally {
      reactor.callFromThread(reactor::stop);
      loop.join(TimeUnit.SECONDS.toMillis(20));
    }
    assertThat(loop.isAlive()).as("reactor stopped").isFalse();
  }

  @Test
  void aNegativeSizeIsRefusedWithTheValue() {
    NioReactor reactor = new NioReactor();
    try {
      assertThatThrownBy(() -> reactor.suggestThreadPoolSize(-1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("-1");
    } finally {
      reactor.callWhenRunning(reactor::stop);
      reactor.run(); // a reactor that never ran still holds a selector: run it to close it
    }
  }
}
