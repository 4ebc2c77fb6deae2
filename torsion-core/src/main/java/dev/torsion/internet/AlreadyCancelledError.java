package dev.torsion.internet;

/**
 * Thrown on cancelling, resetting or delaying a {@link DelayedCall} that was already cancelled:
 * Twisted's {@code AlreadyCancelled}. It is an {@link AlreadyCalledError}, so code that catches
 * that one for "this call is no longer pending" keeps working.
 *
 * <pre>{@code
 * DelayedCall call = reactor.callLater(5, this::ping);
 * call.cancel();
 * call.cancel();   // throws AlreadyCancelledError; check call.active() first to avoid it
 * }</pre>
 */
public final class AlreadyCancelledError extends AlreadyCalledError {
  public AlreadyCancelledError(String message) {
    super(message);
  }
}
