package dev.torsion.internet;

/** The peer refused the connection: nothing listens on that port. */
public class ConnectionRefusedError extends ConnectError {
  public ConnectionRefusedError(String message) {
    super(message);
  }

  public ConnectionRefusedError(String message, Throwable cause) {
    super(message, cause);
  }
}
