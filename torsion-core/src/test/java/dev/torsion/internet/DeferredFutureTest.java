package dev.torsion.internet;

import static dev.torsion.internet.DeferredAssertions.assertNoResult;
import static dev.torsion.internet.DeferredAssertions.failureResultOf;
import static dev.torsion.internet.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** fromFuture and asFuture, with cancellation both ways (test_defer.py's DeferredFutureAdapterTests). */
class DeferredFutureTest {
  /** Stands in for the reactor thread: runs handed-over work when the test says so. */
  private final ArrayDeque<Runnable> reactorQueue = new ArrayDeque<>();
  private final Executor reactor = reactorQueue::add;

  private void runReactorTurn() {
    Runnable r;
    while ((r = reactorQueue.poll()) != null) {
      r.run();
    }
  }

  @Test
  void asFutureCompletesWithTheResultAndLeavesTheChainWithNull() throws Exception {
    Deferred<String> d = new Deferred<>();
    CompletableFuture<String> f = d.asFuture();
    assertThat(f).isNotDone();
    d.callback("value");
    assertThat(f.get()).isEqualTo("value");
    assertThat(successResultOf(d)).isNull();
  }

  @Test
  void asFutureCompletesExceptionallyWithTheFailure() {
    Deferred<String> d = new Deferred<>();
    CompletableFuture<String> f = d.asFuture();
    d.errback(new IOException("broken"));
    assertThat(f).isCompletedExceptionally();
    try {
      f.get();
    } catch (Exception e) {
      assertThat(e).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
    }
  }

  @Test
  void cancellingTheFutureCancelsTheDeferredOnTheReactorThread() {
    int[] cancels = {0};
    Deferred<String> d = new Deferred<>(x -> cancels[0]++);
    CompletableFuture<String> f = d.asFuture(reactor);
    f.cancel(false);
    assertThat(cancels[0]).isZero(); // not yet: it hops to the reactor
    runReactorTurn();
    assertThat(cancels[0]).isEqualTo(1);
    assertThat(d.called()).isTrue();
    assertThat(f.isCancelled()).isTrue();
  }

  @Test
  void cancellingTheDeferredCancelsTheFuture() {
    Deferred<String> d = new Deferred<>();
    CompletableFuture<String> f = d.asFuture();
    d.cancel();
    assertThat(f.isCancelled()).isTrue();
  }

  @Test
  void cancellingTheFutureAfterTheDeferredFiredDoesNothing() {
    Deferred<String> d = Deferred.succeed("x");
    CompletableFuture<String> f = d.asFuture();
    assertThat(f.cancel(false)).isFalse();
    assertThat(f.join()).isEqualTo("x");
  }

  @Test
  void fromFutureFiresOnTheReactorThread() {
    CompletableFuture<String> f = new CompletableFuture<>();
    Deferred<String> d = Deferred.fromFuture(f, reactor);
    f.complete("done"); // as if on another thread
    assertNoResult(d);
    runReactorTurn();
    assertThat(successResultOf(d)).isEqualTo("done");
  }

  @Test
  void fromFutureFailsWithTheUnwrappedException() {
    CompletableFuture<String> f = new CompletableFuture<>();
    Deferred<String> d = Deferred.fromFuture(f.thenApply(s -> s), Runnable::run);
    f.completeExceptionally(new IOException("io"));
    assertThat(failureResultOf(d, IOException.class).getErrorMessage()).isEqualTo("io");
  }

  @Test
  void aCancelledFutureFailsTheDeferredWithCancelledError() {
    CompletableFuture<String> f = new CompletableFuture<>();
    Deferred<String> d = Deferred.fromFuture(f, Runnable::run);
    f.cancel(true);
    failureResultOf(d, CancelledError.class);
  }

  @Test
  void cancellingTheDeferredCancelsTheFutureAndFiresOnce() {
    CompletableFuture<String> f = new CompletableFuture<>();
    Deferred<String> d = Deferred.fromFuture(f, reactor);
    d.cancel();
    assertThat(f.isCancelled()).isTrue();
    failureResultOf(d, CancelledError.class);
    runReactorTurn(); // the future's own report arrives late and is ignored
  }

  @Test
  void fromFutureOfAnAlreadyCompletedFutureWithADirectExecutorFiresAtOnce() {
    Deferred<Integer> d = Deferred.fromFuture(CompletableFuture.completedFuture(7), Runnable::run);
    assertThat(successResultOf(d)).isEqualTo(7);
  }
}
