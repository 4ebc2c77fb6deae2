package dev.torsion.trial.internal;

import dev.torsion.internet.Deferred;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Trial's stand-in for Twisted's {@code gc.collect()} after each test: a failed Deferred dropped
 * on purpose, so that once the cleaner has logged it, the unhandled failures of the test's own
 * collected Deferreds (found by the same collection) have been logged too.
 */
final class GcSentinel extends RuntimeException {
  final CountDownLatch seen = new CountDownLatch(1);

  private GcSentinel() {
    super("not an error: trial drops this Deferred to learn when garbage collection after a test is done", null, false, false);
  }

  /** Collects garbage and waits (briefly, bounded) for the cleaner to report. */
  static void collect() {
    for (int attempt = 0; attempt < 3; attempt++) {
      GcSentinel sentinel = new GcSentinel();
      dropFailedDeferred(sentinel);
      System.gc();
      try {
        if (sentinel.seen.await(200, TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void dropFailedDeferred(GcSentinel sentinel) {
    Deferred.fail(sentinel);
  }
}
