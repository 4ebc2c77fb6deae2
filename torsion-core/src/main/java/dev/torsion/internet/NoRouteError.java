package dev.torsion.internet;

/**
 * The peer's host is unreachable: no route to it (the JDK's {@link java.net.NoRouteToHostException},
 * a network down or a firewall rejecting); Twisted's {@code error.NoRouteError}. Retrying soon
 * rarely helps, unlike after a {@link ConnectionRefusedError}.
 *
 * <pre>{@code
 * endpoint.connect(factory).addErrback(f -> {
 *   if (f.check(NoRouteError.class) != null) {
 *     System.err.println("network unreachable: " + f.getErrorMessage());
 *     return null;
 *   }
 *   throw f;                             // other failures go on down the chain
 * });
 * }</pre>
 */
public class NoRouteError extends ConnectError {
  public NoRouteError(String message) {
    super(message);
  }

  public NoRouteError(String message, Throwable cause) {
    super(message, cause);
  }
}
