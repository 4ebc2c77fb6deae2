package dev.torsion.internet;

/** Why a connection ended: the parent of {@link ConnectionDone} and {@link ConnectionLost}. */
public class ConnectionClosed extends RuntimeException {
  public ConnectionClosed(String message) {
    super(message);
  }

  public ConnectionClosed(String message, Throwable cause) {
    super(message, cause);
  }
}
