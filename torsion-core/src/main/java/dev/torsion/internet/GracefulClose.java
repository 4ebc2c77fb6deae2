package dev.torsion.internet;

/**
 * A protocol that can end its connection gracefully when its server shuts down: it finishes the
 * work under way, takes no new work, and closes as soon as that costs the peer nothing. A
 * {@link dev.torsion.application.StreamServerEndpointService} asks this of every connection it
 * accepted once it has stopped listening (on SIGTERM, in {@code ./torsion}); a protocol that does
 * not implement it is left alone until the runner's shutdown timeout closes it.
 *
 * <p>Twisted has no such interface (its runner closes connections when the reactor stops);
 * it is the server half of what Go's {@code http.Server.Shutdown} does, or HTTP/2's GOAWAY.
 *
 * <pre>{@code
 * final class Session extends LineReceiver implements GracefulClose {
 *   private boolean busy;
 *   private boolean closing;
 *
 *   @Override public void closeGracefully() {
 *     closing = true;
 *     if (!busy) {
 *       transport.loseConnection();   // nothing under way: close now
 *     }                               // else: close after the current command's answer
 *   }
 * }
 * }</pre>
 *
 * <p>Called on the connection's own reactor thread, at most once per connection, and possibly
 * before any byte was received (a connection accepted just as its server stopped listening).
 */
public interface GracefulClose {
  /** Finish what is under way, start nothing new, and close the connection when idle. */
  void closeGracefully();
}
