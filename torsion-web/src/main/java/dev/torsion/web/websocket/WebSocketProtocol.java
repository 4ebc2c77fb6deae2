package dev.torsion.web.websocket;

/**
 * The logic of one WebSocket connection, fed whole messages: Autobahn's {@code
 * WebSocketServerProtocol}/{@code WebSocketClientProtocol} (Twisted's {@code Protocol}, one level
 * up). Subclass it and override what you need; every callback runs on the reactor thread.
 *
 * <pre>{@code
 * final class Echo extends WebSocketProtocol {
 *   @Override public void textMessageReceived(String message) { sendText(message); }
 *   @Override public void binaryMessageReceived(byte[] message) { sendBinary(message); }
 * }
 * root.putChild("echo", new WebSocketResource(request -> new Echo()));
 * }</pre>
 *
 * <p>A message arrives whole, however the peer fragmented it, and only after it was checked:
 * text is valid UTF-8, sizes are within {@link WebSocketOptions}. {@link #onClose} is called
 * exactly once, when the connection has gone.
 */
public class WebSocketProtocol {
  /** The connection, set before {@link #onOpen}. */
  protected WebSocketTransport transport;

  /** Attaches the transport and calls {@link #onOpen}; called by the connection, not by you. */
  public void makeConnection(WebSocketTransport transport) {
    this.transport = transport;
    onOpen();
  }

  public WebSocketTransport getTransport() {
    return transport;
  }

  /** The handshake is done: messages may be sent. */
  public void onOpen() {}

  /** A whole text message. */
  public void textMessageReceived(String message) {}

  /** A whole binary message; the array is yours. */
  public void binaryMessageReceived(byte[] message) {}

  /** A ping arrived; the pong has already been sent (RFC 6455 5.5.2). */
  public void onPing(byte[] payload) {}

  /** A pong arrived, solicited or not. */
  public void onPong(byte[] payload) {}

  /**
   * The connection has closed: {@code code} is the peer's close code ({@link
   * CloseCodes#NO_STATUS} for a close frame without one), the code we failed the connection
   * with on a protocol error, or {@link CloseCodes#ABNORMAL} when it ended without a close frame.
   */
  public void onClose(int code, String reason) {}

  public void sendText(String message) {
    transport.sendText(message);
  }

  public void sendBinary(byte[] message) {
    transport.sendBinary(message);
  }

  public void ping(byte[] payload) {
    transport.ping(payload);
  }

  /** Closes with {@link CloseCodes#NORMAL} and no reason. */
  public void close() {
    transport.close(CloseCodes.NORMAL, "");
  }

  public void close(int code, String reason) {
    transport.close(code, reason);
  }
}
