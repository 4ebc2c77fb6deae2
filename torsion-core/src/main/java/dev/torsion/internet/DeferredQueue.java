package dev.torsion.internet;

import java.util.ArrayDeque;

/**
 * A queue for event-driven code: {@code get} returns a Deferred that fires when an object is
 * available, instead of blocking as {@link java.util.concurrent.BlockingQueue#take} does.
 * Twisted's {@code DeferredQueue}. Both ends are bounded: {@code put} beyond {@code size} objects
 * throws {@link QueueOverflow}, and {@code get} beyond {@code backlog} waiting Deferreds throws
 * {@link QueueUnderflow}, so a slow side cannot grow memory without limit.
 *
 * <pre>{@code
 * DeferredQueue<String> lines = new DeferredQueue<>(1000, 10);
 * lines.get().addCallback(line -> { handle(line); return null; });
 * lines.put("hello");   // fires the waiting get
 * }</pre>
 *
 * <p>For the reactor thread only. Cancelling a waiting get removes it from the queue.
 *
 * @param <T> the type of the objects queued
 */
public final class DeferredQueue<T> {
  private final ArrayDeque<Deferred<T>> waiting = new ArrayDeque<>();
  private final ArrayDeque<T> pending = new ArrayDeque<>();
  private final int size;
  private final int backlog;

  /** A queue with no limit on either end. */
  public DeferredQueue() {
    this(Integer.MAX_VALUE, Integer.MAX_VALUE);
  }

  /** A queue of at most {@code size} objects and {@code backlog} waiting gets. */
  public DeferredQueue(int size, int backlog) {
    if (size < 0 || backlog < 0) {
      throw new IllegalArgumentException("size and backlog must be >= 0: " + size + ", " + backlog);
    }
    this.size = size;
    this.backlog = backlog;
  }

  /** Hands {@code obj} to the oldest waiting get, or queues it. */
  public void put(T obj) {
    Deferred<T> d = waiting.poll();
    if (d != null) {
      d.callback(obj);
    } else if (pending.size() < size) {
      pending.add(obj);
    } else {
      throw new QueueOverflow("DeferredQueue is full: " + size + " objects pending");
    }
  }

  /** A Deferred for the next object: fired already if one is queued. */
  public Deferred<T> get() {
    if (!pending.isEmpty()) {
      return Deferred.succeed(pending.poll());
    }
    if (waiting.size() >= backlog) {
      throw new QueueUnderflow("DeferredQueue backlog is full: " + backlog + " gets waiting");
    }
    Deferred<T> d = new Deferred<>(waiting::remove);
    waiting.add(d);
    return d;
  }

  /** How many objects are queued, waiting for a get. */
  public int pendingCount() {
    return pending.size();
  }

  /** How many gets are waiting for an object. */
  public int waitingCount() {
    return waiting.size();
  }
}
