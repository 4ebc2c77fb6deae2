package dev.torsion.internet;

/**
 * A call scheduled by {@link ReactorTime#callLater}: Twisted's {@code IDelayedCall}.
 *
 * <pre>{@code
 * DelayedCall timeout = reactor.callLater(30, transport::abortConnection);
 * timeout.reset(30);   // activity seen: push the deadline back
 * timeout.cancel();    // done: never run it
 * }</pre>
 */
public interface DelayedCall {
  /** The time, on the scheduling clock, at which this call will run. */
  double getTime();

  /**
   * Stops this call from running; throws {@link AlreadyCalledError} if it ran, and its subclass
   * {@link AlreadyCancelledError} if it was cancelled (as do {@link #delay} and {@link #reset}).
   */
  void cancel();

  /** Moves this call {@code seconds} later (or earlier, if negative) than its current time. */
  void delay(double seconds);

  /** Moves this call to {@code seconds} from now. */
  void reset(double seconds);

  /** True while the call has neither run nor been cancelled. */
  boolean active();
}
