package dev.torsion.internet;

/** The failure a {@link Deferred} gets when it is cancelled before it fires. */
public class CancelledError extends RuntimeException {
  public CancelledError() {
    super("Deferred was cancelled");
  }

  public CancelledError(String message) {
    super(message);
  }
}
