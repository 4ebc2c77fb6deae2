package dev.torsion.internet;

/**
 * A connection attempt did not complete within its timeout (the {@code timeout} of {@link
 * Reactor#connectTCP(String, int, ClientFactory, double, Address)}, 30 s by default); Twisted's
 * {@code error.TimeoutError} for connects. Unlike the JDK's socket timeouts, the reactor
 * abandons the attempt and closes the socket itself.
 *
 * <pre>{@code
 * reactor.connectTCP("db.example.com", 5432, factory, 3.0, null);   // give up after 3 s
 *
 * // in the factory:
 * @Override public void clientConnectionFailed(Connector connector, Failure reason) {
 *   if (reason.check(ConnectTimeoutError.class) != null) {
 *     System.err.println("no answer: " + reason.getErrorMessage());
 *   }
 * }
 * }</pre>
 */
public class ConnectTimeoutError extends ConnectError {
  public ConnectTimeoutError(String message) {
    super(message);
  }

  public ConnectTimeoutError(String message, Throwable cause) {
    super(message, cause);
  }
}
