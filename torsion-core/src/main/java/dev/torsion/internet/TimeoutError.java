package dev.torsion.internet;

/**
 * The failure of an operation that did not finish in its time: a Deferred given
 * {@link Deferred#addTimeout}, a connection attempt, a TLS handshake.
 *
 * <pre>{@code
 * lookup(name).addTimeout(5, reactor)
 *     .addErrback(f -> { f.trap(TimeoutError.class); return cachedAnswer; });
 * }</pre>
 */
public class TimeoutError extends RuntimeException {
  public TimeoutError(String message) {
    super(message);
  }
}
