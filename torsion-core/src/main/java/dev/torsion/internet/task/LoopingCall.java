package dev.torsion.internet.task;

import dev.torsion.internet.Callback;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.ReactorTime;
import java.util.concurrent.Callable;

/**
 * Calls a function every {@code interval} seconds: Twisted's {@code task.LoopingCall}, a
 * {@link java.util.concurrent.ScheduledExecutorService#scheduleAtFixedRate} for the reactor.
 *
 * <pre>{@code
 * LoopingCall heartbeat = new LoopingCall(reactor, () -> { transport.write(PING); return null; });
 * heartbeat.start(30, true).addErrback(f -> { Log.err(f, "heartbeat died"); return null; });
 * ...
 * heartbeat.stop();   // fires the Deferred start() returned
 * }</pre>
 *
 * <p>Calls keep to the grid of {@code start time + n * interval}. If the function returns a
 * Deferred, the next call waits until it fires (and then goes to the next slot of the grid). If
 * the function throws, or its Deferred fails, the loop stops and the Deferred from {@code start}
 * fails. {@link #withCount} passes how many intervals elapsed since the last call, so beats
 * skipped because the reactor was busy (or the function was slow) show up as a count above 1.
 * Single-threaded: use it on the reactor thread (or a {@link Clock} in tests).
 */
public final class LoopingCall {
  private final ReactorTime clock;
  private final Callable<?> fn;
  private boolean running;
  private Deferred<LoopingCall> deferred;
  private DelayedCall call;
  private double interval;
  private double startTime;
  private boolean runAtStart;
  /** For withCount: when the count was last taken; NaN before the first call. */
  private double realLastTime = Double.NaN;

  /** A loop calling {@code fn}, timed by {@code clock}; it may return a value or a Deferred. */
  public LoopingCall(ReactorTime clock, Callable<?> fn) {
    this.clock = clock;
    this.fn = fn;
  }

  private LoopingCall(ReactorTime clock, Callback<Integer, ?> countFn) {
    this.clock = clock;
    this.fn = () -> countAndCall(countFn);
  }

  /**
   * A loop calling {@code fn} with the number of intervals that elapsed since its last call
   * (normally 1; more when beats were skipped; always 1 with interval 0).
   */
  public static LoopingCall withCount(ReactorTime clock, Callback<Integer, ?> fn) {
    return new LoopingCall(clock, fn);
  }

  /**
   * Starts calling every {@code interval} seconds, at once if {@code now}, else after the first
   * interval. The returned Deferred fires with this loop when {@link #stop} is called, or fails
   * with the error that stopped the loop.
   */
  public Deferred<LoopingCall> start(double interval, boolean now) {
    if (running) {
      throw new IllegalStateException("Tried to start an already running LoopingCall");
    }
    if (!(interval >= 0)) {
      throw new IllegalArgumentException("interval must be >= 0, got " + interval);
    }
    running = true;
    Deferred<LoopingCall> d = new Deferred<>();
    deferred = d;
    startTime = clock.seconds();
    this.interval = interval;
    runAtStart = now;
    realLastTime = Double.NaN;
    if (now) {
      runOnce();
    } else {
      scheduleFrom(startTime);
    }
    return d;
  }

  /** {@code start(interval, true)}. */
  public Deferred<LoopingCall> start(double interval) {
    return start(interval, true);
  }

  /** Stops the loop; the Deferred from {@link #start} fires (at once, or when a pending call's Deferred does). */
  public void stop() {
    if (!running) {
      throw new IllegalStateException("Tried to stop a LoopingCall that was not running");
    }
    running = false;
    if (call != null) {
      call.cancel();
      call = null;
      fireStopped();
    }
  }

  /** Skips the next call and starts the interval grid again from now. */
  public void reset() {
    if (!running) {
      throw new IllegalStateException("Tried to reset a LoopingCall that was not running");
    }
    if (call != null) {
      call.cancel();
      call = null;
      startTime = clock.seconds();
      scheduleFrom(startTime);
    }
  }

  /** True from {@link #start} until {@link #stop} or a failure. */
  public boolean isRunning() {
    return running;
  }

  /** The interval given to {@link #start}. */
  public double interval() {
    return interval;
  }

  private void runOnce() {
    call = null;
    Deferred.maybeDeferred(fn)
        .addCallbacks(
            ignored -> {
              if (running) {
                scheduleFrom(clock.seconds());
              } else {
                fireStopped();
              }
              return null;
            },
            failure -> {
              running = false;
              Deferred<LoopingCall> d = deferred;
              deferred = null;
              d.errback(failure);
              return null;
            });
  }

  private void fireStopped() {
    Deferred<LoopingCall> d = deferred;
    deferred = null;
    d.callback(this);
  }

  private void scheduleFrom(double when) {
    call = clock.callLater(delayFrom(when), this::runOnce);
  }

  private double delayFrom(double when) {
    if (interval == 0) {
      return 0;
    }
    double runningFor = when - startTime;
    double untilNext = interval - (runningFor % interval);
    // When the remainder is too small to change 'when', we are at a boundary: wait a full interval.
    if (when == when + untilNext) {
      return interval;
    }
    return untilNext;
  }

  private Object countAndCall(Callback<Integer, ?> countFn) throws Exception {
    double now = clock.seconds();
    if (interval == 0) {
      realLastTime = now;
      return countFn.call(1);
    }
    double last = realLastTime;
    if (Double.isNaN(last)) {
      last = startTime;
      if (runAtStart) {
        last -= interval;
      }
    }
    long count = intervalOf(now) - intervalOf(last);
    if (count > 0) {
      realLastTime = now;
      return countFn.call((int) Math.min(count, Integer.MAX_VALUE));
    }
    return null;
  }

  private long intervalOf(double t) {
    return (long) ((t - startTime) / interval); // truncation, as Twisted does
  }

  @Override
  public String toString() {
    return "LoopingCall<" + interval + ">(" + fn + ")";
  }
}
