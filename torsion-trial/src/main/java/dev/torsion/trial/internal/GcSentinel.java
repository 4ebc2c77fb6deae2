package dev.torsion.trial.internal;

import dev.torsion.internet.internal.UnhandledErrorTracker;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Trial's stand-in for Twisted's {@code gc.collect()} after each test: an object dropped on
 * purpose and watched by the same cleaner thread that logs unhandled Deferred failures, so that
 * once the cleaner has reached it, the unhandled failures of the test's own collected Deferreds
 * (found by the same collection) have been logged too.
 *
 * <p>Why not a failed Deferred as the sentinel: the cleaner would log it like any other, and with
 * an SLF4J binding present that is an ERROR line after every test. This sentinel logs nothing.
 */
final class GcSentinel {
  private GcSentinel() {}

  /** Collects garbage and waits (briefly, bounded) for the cleaner to reach the sentinel. */
  static void collect() {
    for (int attempt = 0; attempt < 3; attempt++) {
      CountDownLatch cleaned = new CountDownLatch(1);
      drop(cleaned);
      System.gc();
      try {
        if (cleaned.await(200, TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** In a method of its own so that nothing on the caller's frame keeps the sentinel alive. */
  private static void drop(CountDownLatch cleaned) {
    UnhandledErrorTracker.registerSentinel(new Object(), cleaned::countDown);
  }
}
