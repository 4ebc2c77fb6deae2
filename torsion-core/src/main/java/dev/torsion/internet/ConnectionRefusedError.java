package dev.torsion.internet;

/**
 * The peer refused the connection: nothing listens on that port (a TCP RST to our SYN, the JDK's
 * "Connection refused"); Twisted's {@code error.ConnectionRefusedError}.
 *
 * <pre>{@code
 * @Override public void clientConnectionFailed(Connector connector, Failure reason) {
 *   if (reason.check(ConnectionRefusedError.class) != null) {
 *     reactor.callLater(5, connector::connect);   // the server is not up yet: try again
 *   }
 * }
 * }</pre>
 *
 * <p>{@link ReconnectingClientFactory} does this with a growing delay.
 */
public class ConnectionRefusedError extends ConnectError {
  public ConnectionRefusedError(String message) {
    super(message);
  }

  public ConnectionRefusedError(String message, Throwable cause) {
    super(message, cause);
  }
}
