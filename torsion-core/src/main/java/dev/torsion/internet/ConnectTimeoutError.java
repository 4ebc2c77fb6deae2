package dev.torsion.internet;

/** A connection attempt did not complete within its timeout. */
public class ConnectTimeoutError extends ConnectError {
  public ConnectTimeoutError(String message) {
    super(message);
  }

  public ConnectTimeoutError(String message, Throwable cause) {
    super(message, cause);
  }
}
