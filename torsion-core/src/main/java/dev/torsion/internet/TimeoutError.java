package dev.torsion.internet;

/**
 * The failure of an operation that did not finish in its time: a Deferred given
 * {@link Deferred#addTimeout}, a connection attempt, a TLS handshake.
 */
public class TimeoutError extends RuntimeException {
  public TimeoutError(String message) {
    super(message);
  }
}
