package dev.torsion.internet;

/** The peer's host is unreachable: no route to it. */
public class NoRouteError extends ConnectError {
  public NoRouteError(String message) {
    super(message);
  }

  public NoRouteError(String message, Throwable cause) {
    super(message, cause);
  }
}
