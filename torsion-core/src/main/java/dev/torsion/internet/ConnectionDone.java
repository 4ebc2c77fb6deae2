package dev.torsion.internet;

/** A connection closed cleanly: by {@code loseConnection} or by the peer's orderly close. */
public class ConnectionDone extends ConnectionClosed {
  public ConnectionDone(String message) {
    super(message);
  }

  public ConnectionDone(String message, Throwable cause) {
    super(message, cause);
  }
}
