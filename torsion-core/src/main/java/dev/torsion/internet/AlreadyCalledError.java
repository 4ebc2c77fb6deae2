package dev.torsion.internet;

/**
 * Thrown on a second {@code callback}/{@code errback} of a Deferred, or on cancelling, resetting
 * or delaying a {@link DelayedCall} that already ran: Twisted's {@code AlreadyCalledError} and
 * {@code AlreadyCalled}. A call that was cancelled throws the subclass {@link
 * AlreadyCancelledError}.
 *
 * <pre>{@code
 * Deferred<String> d = new Deferred<>();
 * d.callback("first");
 * d.callback("second");   // throws AlreadyCalledError: a Deferred fires once
 * }</pre>
 */
public class AlreadyCalledError extends IllegalStateException {
  public AlreadyCalledError(String message) {
    super(message);
  }
}
