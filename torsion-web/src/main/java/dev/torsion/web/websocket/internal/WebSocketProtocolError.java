package dev.torsion.web.websocket.internal;

/**
 * A peer broke RFC 6455 (or RFC 7692, or one of our limits): the connection is failed with the
 * close {@link #code()} it carries (1002, 1007, 1009...).
 */
public final class WebSocketProtocolError extends Exception {
  private final int code;

  public WebSocketProtocolError(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  /** The close code to fail the connection with. */
  public int code() {
    return code;
  }
}
