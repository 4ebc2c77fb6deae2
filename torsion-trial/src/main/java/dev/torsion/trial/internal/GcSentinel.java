package dev.torsion.trial.internal;

import dev.torsion.internet.internal.UnhandledErrorTracker;

/**
 * Trial's stand-in for Twisted's {@code gc.collect()} after each test: a full collection, after
 * which the unhandled failures of the Deferreds it found unreachable are logged at once, on this
 * thread, so the test they came from is the one that fails.
 */
final class GcSentinel {
  private GcSentinel() {}

  static void collect() {
    System.gc();
    UnhandledErrorTracker.logCollected();
  }
}
