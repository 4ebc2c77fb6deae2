package dev.torsion.web.websocket;

import dev.torsion.internet.Address;
import dev.torsion.internet.Producer;
import dev.torsion.internet.PushProducer;

/**
 * One open WebSocket, as its {@link WebSocketProtocol} sees it: the message-level counterpart of
 * a TCP {@link dev.torsion.internet.Transport}. It is also the push producer of the messages it
 * reads: {@link #pauseProducing()} stops reading (no message callbacks, and the TCP connection
 * stops reading too) until {@link #resumeProducing()}.
 *
 * <pre>{@code
 * transport.sendText("hello");
 * transport.registerProducer(fileProducer, true);   // paused while the socket is backed up
 * transport.close(CloseCodes.NORMAL, "bye");
 * }</pre>
 */
public interface WebSocketTransport extends PushProducer {
  /** Sends a text message (fragmented per {@link WebSocketOptions#outgoingFragmentSize()}). */
  void sendText(String message);

  /** Sends a binary message; the array is the transport's from now on. */
  void sendBinary(byte[] message);

  /** Sends a ping with at most 125 bytes of payload; the pong arrives as {@code onPong}. */
  void ping(byte[] payload);

  /**
   * Starts the close handshake with {@code code} (1000, or 3000-4999 for an application) and a
   * reason of at most 123 bytes of UTF-8; the connection closes when the peer answers, or after
   * the close timeout. Later sends are dropped; messages the peer sent before it saw our close
   * are still delivered.
   */
  void close(int code, String reason);

  /** The subprotocol agreed in the handshake, or null. */
  String getSubprotocol();

  /** The Sec-WebSocket-Extensions agreed (such as "permessage-deflate"), or null. */
  String getExtensions();

  /** Attaches a producer of outgoing messages to the connection's write buffer. */
  void registerProducer(Producer producer, boolean streaming);

  void unregisterProducer();

  /** Bytes written and not yet handed to the operating system. */
  long getWriteBufferSize();

  Address getPeer();

  Address getHost();

  /** Drops the TCP connection now, without a close handshake. */
  void abortConnection();
}
