package dev.torsion.internet;

/** A connection attempt failed; subclasses say why, so callers can catch the case they care about. */
public class ConnectError extends RuntimeException {
  public ConnectError(String message) {
    super(message);
  }

  public ConnectError(String message, Throwable cause) {
    super(message, cause);
  }
}
