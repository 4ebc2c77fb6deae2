package dev.torsion.internet.internal;

import dev.torsion.internet.Failure;
import dev.torsion.internet.Log;
import java.lang.ref.Cleaner;

/**
 * Remembers the failure a Deferred's chain ended in, and logs it if the Deferred is collected
 * while the failure is still unhandled. Registered lazily, only when a chain first ends in a
 * failure, so successful Deferreds pay nothing for it.
 */
public final class UnhandledErrorTracker implements Runnable {
  private static final Cleaner CLEANER = Cleaner.create(runnable -> {
    Thread t = new Thread(runnable, "torsion-unhandled-error-cleaner");
    t.setDaemon(true);
    return t;
  });

  private volatile Failure failure;

  private UnhandledErrorTracker() {}

  /** Starts watching {@code owner}; the tracker must not reference it. */
  public static UnhandledErrorTracker register(Object owner) {
    UnhandledErrorTracker tracker = new UnhandledErrorTracker();
    CLEANER.register(owner, tracker);
    return tracker;
  }

  /**
   * Runs {@code onCleaned} on the same cleaner thread once {@code sentinel} is unreachable, so a
   * test runner that drops a sentinel and collects garbage learns when the cleaner has reached
   * that collection's unhandled errors. {@code onCleaned} must not reference {@code sentinel}.
   */
  public static void registerSentinel(Object sentinel, Runnable onCleaned) {
    CLEANER.register(sentinel, onCleaned);
  }

  public void set(Failure f) {
    failure = f;
  }

  public void clear() {
    failure = null;
  }

  @Override
  public void run() {
    Failure f = failure;
    failure = null;
    if (f != null) {
      Log.err(f, "Unhandled error in Deferred:");
    }
  }
}
