package dev.torsion.internet;

/** A connection closed by {@code abortConnection}, without waiting for queued data. */
public class ConnectionAborted extends ConnectionLost {
  public ConnectionAborted(String message) {
    super(message);
  }

  public ConnectionAborted(String message, Throwable cause) {
    super(message, cause);
  }
}
