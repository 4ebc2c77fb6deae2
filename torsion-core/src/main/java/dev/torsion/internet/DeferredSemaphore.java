package dev.torsion.internet;

import java.util.ArrayDeque;
import java.util.concurrent.Callable;

/**
 * A semaphore for event-driven code: at most {@code tokens} holders at once, and {@link #acquire}
 * returns a Deferred that fires when a token is yours. Twisted's {@code DeferredSemaphore};
 * the usual way to limit how many requests run in parallel.
 *
 * <pre>{@code
 * DeferredSemaphore sem = new DeferredSemaphore(4);
 * List<Deferred<byte[]>> pages = new ArrayList<>();
 * for (String url : urls) pages.add(sem.run(() -> agent.get(url)));   // 4 at a time
 * Deferred.gatherResults(pages).addCallback(...);
 * }</pre>
 *
 * <p>For the reactor thread only. Waiters get tokens in the order they asked; cancelling a
 * waiting acquire leaves the queue.
 */
public final class DeferredSemaphore {
  private final ArrayDeque<Deferred<DeferredSemaphore>> waiting = new ArrayDeque<>();
  private final int limit;
  private int tokens;

  /** A semaphore with {@code tokens} tokens (at least one). */
  public DeferredSemaphore(int tokens) {
    if (tokens < 1) {
      throw new IllegalArgumentException("DeferredSemaphore requires tokens >= 1, got " + tokens);
    }
    this.limit = tokens;
    this.tokens = tokens;
  }

  /** The number of tokens it was made with. */
  public int limit() {
    return limit;
  }

  /** The tokens free now. */
  public int tokens() {
    return tokens;
  }

  /** A Deferred that fires with this semaphore once a token is taken (at once if one is free). */
  public Deferred<DeferredSemaphore> acquire() {
    Deferred<DeferredSemaphore> d = new Deferred<>(waiting::remove);
    if (tokens == 0) {
      waiting.add(d);
    } else {
      tokens--;
      d.callback(this);
    }
    return d;
  }

  /** Returns a token, handing it straight to the oldest waiter if there is one. */
  public void release() {
    if (tokens >= limit) {
      throw new IllegalStateException("DeferredSemaphore released more often than acquired");
    }
    Deferred<DeferredSemaphore> next = waiting.poll();
    if (next == null) {
      tokens++;
    } else {
      next.callback(this);
    }
  }

  /**
   * Takes a token, calls {@code fn}, and returns the token when its result is ready (if it
   * returns a Deferred, when that fires). The returned Deferred has {@code fn}'s outcome.
   */
  public <R> Deferred<R> run(Callable<?> fn) {
    return Primitives.run(acquire(), fn, this::release);
  }
}
