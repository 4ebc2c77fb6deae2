package dev.torsion.internet;

import java.util.List;

/**
 * A source of time and delayed calls: Twisted's {@code IReactorTime}.
 *
 * <p>Both the real {@link Reactor} and the test {@link dev.torsion.internet.task.Clock} implement
 * it, so code that schedules work should take a {@code ReactorTime} and be testable on a Clock.
 *
 * <pre>{@code
 * DelayedCall call = time.callLater(2.5, () -> System.out.println("later"));
 * call.cancel();
 * }</pre>
 */
public interface ReactorTime {
  /** The current time in seconds, on this source's own clock (monotonic for a reactor). */
  double seconds();

  /** Runs {@code fn} once, {@code delaySeconds} from now; a negative delay counts as zero. */
  DelayedCall callLater(double delaySeconds, Runnable fn);

  /** The calls scheduled and not yet run or cancelled. */
  List<DelayedCall> getDelayedCalls();
}
