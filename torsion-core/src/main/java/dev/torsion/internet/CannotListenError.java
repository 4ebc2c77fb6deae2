package dev.torsion.internet;

/** A port could not be opened, e.g. {@code CannotListenError: 127.0.0.1:8080: address already in use}. */
public class CannotListenError extends RuntimeException {
  public CannotListenError(String message) {
    super(message);
  }

  public CannotListenError(String message, Throwable cause) {
    super(message, cause);
  }
}
