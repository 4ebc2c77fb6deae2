package dev.torsion.internet;

/** Thrown on a second {@code callback}/{@code errback} of a Deferred, or on cancelling a call that already ran. */
public final class AlreadyCalledError extends IllegalStateException {
  public AlreadyCalledError(String message) {
    super(message);
  }
}
