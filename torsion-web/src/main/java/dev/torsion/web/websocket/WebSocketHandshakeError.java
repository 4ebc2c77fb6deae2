package dev.torsion.web.websocket;

/**
 * The server did not accept a {@link WebSocketClient}'s opening handshake (RFC 6455 4.1): it
 * answered with another status than 101 (see {@link #status()}), or a 101 that fails the
 * client's checks (a wrong Sec-WebSocket-Accept, a subprotocol or extension never offered, no
 * {@code Upgrade: websocket}), or a response that is not HTTP or is too large (status 0).
 * Autobahn fails the same attempts with its {@code WebSocketClientProtocol}'s handshake errors.
 *
 * <pre>{@code
 * client.connect("wss://chat.example.com/room", new Chat())
 *     .addErrback(f -> {
 *       if (f.value() instanceof WebSocketHandshakeError e && e.status() == 401) { login(); }
 *       return null;
 *     });
 * }</pre>
 */
public final class WebSocketHandshakeError extends RuntimeException {
  private final int status;

  public WebSocketHandshakeError(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status the server answered, 101 when its 101 failed a check, 0 for no HTTP. */
  public int status() {
    return status;
  }
}
