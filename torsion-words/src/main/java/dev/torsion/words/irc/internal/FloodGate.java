package dev.torsion.words.irc.internal;

import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.ReactorTime;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Flood control by penalty, as RFC 1459 section 8.10 describes it: each message pushes the
 * client's own clock {@code penalty} seconds ahead; while that clock is at most {@code burst}
 * seconds ahead of real time, messages run at once; beyond, they wait in a queue and run one per
 * {@code penalty} seconds. A client that fills the queue has flooded and is dropped.
 *
 * <pre>
 *   now ----[ burst ]----|                 client clock ahead by: 0  2  4 ... 10 | 12 -> queued
 *   messages 1..5 run at once; the 6th waits until the clock falls back under now + burst
 * </pre>
 */
public final class FloodGate {
  private final ReactorTime clock;
  private final double penalty;
  private final double burst;
  private final int maxQueued;
  private final ArrayDeque<String> queue = new ArrayDeque<>();
  private double clientClock;
  private DelayedCall drain;

  public FloodGate(ReactorTime clock, double penalty, double burst, int maxQueued) {
    this.clock = clock;
    this.penalty = penalty;
    this.burst = burst;
    this.maxQueued = maxQueued;
  }

  /**
   * Runs {@code line} through {@code handler} now or later; false when the queue is full (the
   * caller drops the client).
   */
  public boolean offer(String line, Consumer<String> handler) {
    if (penalty == 0) {
      handler.accept(line);
      return true;
    }
    if (queue.isEmpty() && admit()) {
      handler.accept(line);
      return true;
    }
    if (queue.size() >= maxQueued) {
      return false;
    }
    queue.add(line);
    schedule(handler);
    return true;
  }

  /** Lines waiting. */
  public int queued() {
    return queue.size();
  }

  public void stop() {
    queue.clear();
    if (drain != null && drain.active()) {
      drain.cancel();
    }
    drain = null;
  }

  private boolean admit() {
    double now = clock.seconds();
    if (clientClock < now) {
      clientClock = now;
    }
    if (clientClock - now > burst + 1e-9) { // the epsilon: a drain scheduled for exactly then
      return false;
    }
    clientClock += penalty;
    return true;
  }

  private void schedule(Consumer<String> handler) {
    if (drain != null && drain.active()) {
      return;
    }
    double wait = Math.max(0, clientClock - burst - clock.seconds());
    drain = clock.callLater(wait, () -> {
      drain = null;
      while (!queue.isEmpty() && admit()) {
        handler.accept(queue.poll());
      }
      if (!queue.isEmpty()) {
        schedule(handler);
      }
    });
  }
}
