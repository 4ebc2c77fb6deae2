package dev.torsion.mail.internal;

import dev.torsion.internet.Reactor;
import dev.torsion.internet.Threads;
import java.util.ArrayDeque;

/**
 * One session's disk writes, run one at a time and in order on the reactor's thread pool (or
 * inline when there is no reactor, as under trial's Clock), with a count of the bytes still
 * queued so that the session can stop reading while the disk lags behind.
 *
 * <pre>{@code
 * queue.submit(chunk.length, () -> spool.write(chunk));
 * queue.whenDrained(() -> reply("250 Ok"));
 * }</pre>
 */
public final class SerialDiskQueue {
  private record Task(long bytes, Runnable work, Runnable after) {}

  private final Reactor pool;
  private final ArrayDeque<Task> tasks = new ArrayDeque<>();
  private boolean running;
  private long queued;

  /** A queue running on {@code pool}'s threads, or inline when {@code pool} is null. */
  public SerialDiskQueue(Reactor pool) {
    this.pool = pool;
  }

  /** Bytes submitted whose writes have not finished yet. */
  public long queuedBytes() {
    return queued;
  }

  /** True when nothing is queued or running: {@link #whenDrained} would run at once. */
  public boolean idle() {
    return !running && tasks.isEmpty();
  }

  /**
   * Queues {@code work} (disk work of {@code bytes} bytes; it handles its own IOExceptions) to run
   * after everything queued before it. Called on the reactor thread.
   */
  public void submit(long bytes, Runnable work) {
    tasks.add(new Task(bytes, work, null));
    queued += bytes;
    next();
  }

  /** Runs {@code then} on the reactor thread once everything queued so far has finished. */
  public void whenDrained(Runnable then) {
    tasks.add(new Task(0, null, then));
    next();
  }

  private void next() {
    while (!running && !tasks.isEmpty()) {
      Task t = tasks.poll();
      if (t.work == null) {
        t.after.run();
        continue;
      }
      if (pool == null) {
        t.work.run();
        queued -= t.bytes;
        continue;
      }
      running = true;
      Threads.deferToThread(pool, () -> {
        t.work.run();
        return null;
      }).addBoth(x -> {
        // the Deferred fires on the reactor thread, so the count and the queue stay single-threaded
        queued -= t.bytes;
        running = false;
        next();
        return null;
      });
    }
  }
}
