package dev.torsion.internet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A failure left at the end of a garbage-collected Deferred is logged exactly once; a handled one
 * never is (test_defer.py's LogTests). Collection is nondeterministic, so these poll the GC a
 * bounded number of times and wait on a latch, never on a fixed sleep.
 */
class DeferredUnhandledErrorTest {
  private final List<Log.LoggedError> logged = new CopyOnWriteArrayList<>();
  private CountDownLatch anyLogged;
  private AutoCloseable observer;

  @BeforeEach
  void observe() {
    anyLogged = new CountDownLatch(1);
    observer =
        Log.addErrorObserver(
            e -> {
              if (e.why().startsWith("Unhandled error in Deferred")) {
                logged.add(e);
                anyLogged.countDown();
              }
            });
  }

  @AfterEach
  void stopObserving() throws Exception {
    observer.close();
  }

  /** Collects garbage until something is logged or the attempts run out. */
  private boolean collectUntilLogged(int attempts) throws InterruptedException {
    for (int i = 0; i < attempts; i++) {
      System.gc();
      if (anyLogged.await(20, TimeUnit.MILLISECONDS)) {
        return true;
      }
    }
    return false;
  }

  private static void makeUnhandled(String message) {
    Deferred<String> d = new Deferred<>();
    d.addCallback(
        x -> {
          throw new IllegalStateException(message);
        });
    d.callback("go");
  }

  @Test
  void anUnhandledFailureIsLoggedOnceWhenCollected() throws Exception {
    makeUnhandled("nobody handled me");
    assertThat(collectUntilLogged(250)).as("unhandled error logged after GC").isTrue();
    // Further collections must not log it again.
    for (int i = 0; i < 5; i++) {
      System.gc();
    }
    assertThat(logged).hasSize(1);
    Log.LoggedError e = logged.get(0);
    assertThat(e.failure().value()).isInstanceOf(IllegalStateException.class).hasMessage("nobody handled me");
    assertThat(e.failure().getTraceback()).contains("makeUnhandled");
  }

  @Test
  void aHandledFailureIsNotLogged() throws Exception {
    handledThenDropped();
    stolenByAnOuterDeferred();
    clearedByChaining();
    // Make something that is logged, so we know collection ran past the others.
    makeUnhandled("marker");
    assertThat(collectUntilLogged(250)).isTrue();
    // Give the cleaner a bounded number of further collections to report anything else.
    for (int i = 0; i < 10; i++) {
      System.gc();
      if (logged.size() > 1) {
        break;
      }
      anyLogged.await(10, TimeUnit.MILLISECONDS); // already open: returns at once
    }
    assertThat(logged).extracting(e -> e.failure().getErrorMessage()).containsExactly("marker");
  }

  private static void handledThenDropped() {
    Deferred<String> d = Deferred.fail(new IllegalStateException("handled"));
    d.addErrback(f -> "recovered");
  }

  private static void stolenByAnOuterDeferred() {
    Deferred<Object> d = new Deferred<>();
    d.addCallback(ign -> Deferred.fail(new RuntimeException("zoop")));
    d.callback(null);
    d.addErrback(f -> null);
  }

  private static void clearedByChaining() {
    Deferred<Object> bad = Deferred.fail(new Exception("oh no"));
    Deferred<Object> good = new Deferred<>();
    bad.addErrback(ignored -> good);
  }
}
