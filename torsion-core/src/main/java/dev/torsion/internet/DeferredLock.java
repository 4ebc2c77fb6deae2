package dev.torsion.internet;

import java.util.ArrayDeque;
import java.util.concurrent.Callable;

/**
 * A lock for event-driven code: {@link #acquire} returns a Deferred that fires when the lock is
 * yours, instead of blocking as {@link java.util.concurrent.locks.Lock#lock} does. Twisted's
 * {@code DeferredLock}. Waiters get the lock in the order they asked; cancelling a waiting
 * acquire leaves the queue.
 *
 * <pre>{@code
 * DeferredLock lock = new DeferredLock();
 * // one write to the file at a time, even though each write is asynchronous:
 * lock.run(() -> file.append(record));
 * }</pre>
 *
 * <p>For the reactor thread only.
 */
public final class DeferredLock {
  private final ArrayDeque<Deferred<DeferredLock>> waiting = new ArrayDeque<>();
  private boolean locked;

  /** True while someone holds the lock. */
  public boolean isLocked() {
    return locked;
  }

  /** A Deferred that fires with this lock once it is acquired (at once if it is free). */
  public Deferred<DeferredLock> acquire() {
    Deferred<DeferredLock> d = new Deferred<>(waiting::remove);
    if (locked) {
      waiting.add(d);
    } else {
      locked = true;
      d.callback(this);
    }
    return d;
  }

  /** Releases the lock, handing it to the oldest waiter if there is one. */
  public void release() {
    if (!locked) {
      throw new IllegalStateException("release() of a DeferredLock that is not locked");
    }
    Deferred<DeferredLock> next = waiting.poll();
    if (next == null) {
      locked = false;
    } else {
      next.callback(this);
    }
  }

  /**
   * Acquires the lock, calls {@code fn}, and releases the lock when its result is ready (if it
   * returns a Deferred, when that fires). The returned Deferred has {@code fn}'s outcome.
   */
  public <R> Deferred<R> run(Callable<?> fn) {
    return Primitives.run(acquire(), fn, this::release);
  }
}
