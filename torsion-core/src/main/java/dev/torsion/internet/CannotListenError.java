package dev.torsion.internet;

/**
 * A port could not be opened, e.g. {@code CannotListenError: 127.0.0.1:8080: address already in
 * use}; Twisted's {@code error.CannotListenError}, the JDK's {@link java.net.BindException}. The
 * message names the address and the reason (in use, permission denied, an address this host
 * does not have, a Unix socket path held by another process).
 *
 * <p>{@link Reactor#listenTCP} throws it at once; a server endpoint's {@code listen} fails its
 * Deferred with it.
 *
 * <pre>{@code
 * try {
 *   reactor.listenTCP(8080, factory);
 * } catch (CannotListenError e) {
 *   System.err.println(e.getMessage());   // 0.0.0.0:8080: address already in use
 *   System.exit(1);
 * }
 * }</pre>
 */
public class CannotListenError extends RuntimeException {
  public CannotListenError(String message) {
    super(message);
  }

  public CannotListenError(String message, Throwable cause) {
    super(message, cause);
  }
}
