package dev.torsion.internet;

/**
 * A connection attempt failed; subclasses say why, so callers can catch the case they care
 * about: Twisted's {@code error.ConnectError}, where the JDK would throw a {@link
 * java.net.ConnectException} or an {@link java.net.UnknownHostException}. It arrives as the
 * Failure of a connect Deferred, or in {@link ClientFactory#clientConnectionFailed}.
 *
 * <pre>{@code
 * endpoint.connect(factory).addErrback(f -> {
 *   f.trap(ConnectError.class);        // refused, timed out, no route, no such host...
 *   System.err.println("cannot reach the server: " + f.getErrorMessage());
 *   return null;
 * });
 * }</pre>
 */
public class ConnectError extends RuntimeException {
  public ConnectError(String message) {
    super(message);
  }

  public ConnectError(String message, Throwable cause) {
    super(message, cause);
  }
}
