package dev.torsion.internet;

/**
 * A connection closed uncleanly: reset by the peer, an I/O error, or aborted ({@link
 * ConnectionAborted} is the subclass for our own {@code abortConnection}). Twisted's {@code
 * ConnectionLost}.
 *
 * <pre>{@code
 * @Override public void connectionLost(Failure reason) {
 *   if (reason.check(ConnectionLost.class) != null) {
 *     pendingRequest.errback(reason);   // the reply will never come
 *   }
 * }
 * }</pre>
 */
public class ConnectionLost extends ConnectionClosed {
  public ConnectionLost(String message) {
    super(message);
  }

  public ConnectionLost(String message, Throwable cause) {
    super(message, cause);
  }
}
