package dev.torsion.internet;

/**
 * A connection closed cleanly: by {@code loseConnection} or by the peer's orderly close. Twisted's
 * {@code ConnectionDone}; its sibling {@link ConnectionLost} means the close was not clean.
 *
 * <pre>{@code
 * @Override public void connectionLost(Failure reason) {
 *   if (reason.check(ConnectionDone.class) == null) {
 *     log.warn("lost {}: {}", transport.getPeer(), reason.getErrorMessage());
 *   }
 * }
 * }</pre>
 */
public class ConnectionDone extends ConnectionClosed {
  public ConnectionDone(String message) {
    super(message);
  }

  public ConnectionDone(String message, Throwable cause) {
    super(message, cause);
  }
}
