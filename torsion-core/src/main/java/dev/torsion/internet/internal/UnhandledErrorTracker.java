package dev.torsion.internet.internal;

import dev.torsion.internet.Failure;
import dev.torsion.internet.Log;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the failure a Deferred's chain ended in, and logs it if the Deferred is collected
 * while the failure is still unhandled. Registered lazily, only when a chain first ends in a
 * failure, so successful Deferreds pay nothing for it.
 *
 * <p>Two paths log a collected Deferred's failure, whichever comes first, and only once: the
 * cleaner thread, some time after the collection; and {@link #logCollected()}, which a test
 * runner calls right after {@code System.gc()}. The second exists because the cleaner's queue has
 * no order and no "drained" signal, so a runner waiting on it can look too early; a weak
 * reference, by contrast, is cleared by the collection itself, before {@code System.gc()}
 * returns.
 */
public final class UnhandledErrorTracker implements Runnable {
  private static final Cleaner CLEANER = Cleaner.create(runnable -> {
    Thread t = new Thread(runnable, "torsion-unhandled-error-cleaner");
    t.setDaemon(true);
    return t;
  });

  /** Trackers holding a failure not yet handled; only failed chains are ever in here. */
  private static final Set<UnhandledErrorTracker> UNHANDLED = ConcurrentHashMap.newKeySet();

  private static final VarHandle FAILURE;

  static {
    try {
      FAILURE =
          MethodHandles.lookup().findVarHandle(UnhandledErrorTracker.class, "failure", Failure.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final WeakReference<Object> owner;
  private volatile Failure failure;

  private UnhandledErrorTracker(Object owner) {
    this.owner = new WeakReference<>(owner);
  }

  /** Starts watching {@code owner}; the tracker holds it only weakly. */
  public static UnhandledErrorTracker register(Object owner) {
    UnhandledErrorTracker tracker = new UnhandledErrorTracker(owner);
    CLEANER.register(owner, tracker);
    return tracker;
  }

  /**
   * Logs now the unhandled failure of every tracked Deferred that the last collection found
   * unreachable, instead of waiting for the cleaner. Call it right after {@code System.gc()}.
   */
  public static void logCollected() {
    for (UnhandledErrorTracker tracker : UNHANDLED) {
      if (tracker.owner.get() == null) {
        tracker.run();
      }
    }
  }

  public void set(Failure f) {
    failure = f;
    UNHANDLED.add(this);
  }

  public void clear() {
    failure = null;
    UNHANDLED.remove(this);
  }

  @Override
  public void run() {
    Failure f = (Failure) FAILURE.getAndSet(this, (Failure) null);
    UNHANDLED.remove(this);
    if (f != null) {
      Log.err(f, "Unhandled error in Deferred:");
    }
  }
}
