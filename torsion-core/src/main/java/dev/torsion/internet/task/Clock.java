package dev.torsion.internet.task;

import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.internal.TimerQueue;
import java.util.Comparator;
import java.util.List;

/**
 * A deterministic time source for tests: {@code callLater} calls run only when the test moves
 * time forward with {@link #advance} or {@link #pump}. Twisted's {@code task.Clock}. Code that
 * takes a {@link ReactorTime} runs unchanged on the real reactor and on a Clock.
 *
 * <pre>{@code
 * Clock clock = new Clock();
 * Deferred<String> d = Deferred.<String>succeed("slow").addTimeout(5, clock);   // or any timer
 * clock.advance(4.9);   // nothing yet
 * clock.advance(0.1);   // the 5-second call runs now
 * assertThat(clock.getDelayedCalls()).isEmpty();
 * }</pre>
 *
 * <p>As in Twisted, a call scheduled with no delay while {@code advance} is running still runs
 * within the same {@code advance}. As on the reactor, a call that throws is reported through
 * {@link dev.torsion.internet.Log#err} and the other calls still run. Single-threaded.
 */
public final class Clock implements ReactorTime {
  private double now;
  private final TimerQueue calls = new TimerQueue(() -> now);

  @Override
  public double seconds() {
    return now;
  }

  @Override
  public DelayedCall callLater(double delaySeconds, Runnable fn) {
    return calls.schedule(delaySeconds, fn);
  }

  /** The calls not yet run or cancelled, earliest first. */
  @Override
  public List<DelayedCall> getDelayedCalls() {
    List<DelayedCall> pending = calls.pending();
    pending.sort(Comparator.comparingDouble(DelayedCall::getTime));
    return pending;
  }

  /** Moves time forward by {@code seconds} and runs every call that has come due, in order. */
  public void advance(double seconds) {
    if (!(seconds >= 0)) {
      throw new IllegalArgumentException("cannot advance a Clock by " + seconds + " seconds");
    }
    now += seconds;
    while (calls.nextDeadline() <= now) {
      calls.runDue();
    }
  }

  /** Advances by each of {@code steps} in turn, running the calls due after each. */
  public void pump(double... steps) {
    for (double step : steps) {
      advance(step);
    }
  }
}
