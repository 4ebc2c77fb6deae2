package dev.torsion.web.server;

import dev.torsion.internet.Address;
import dev.torsion.internet.Producer;
import dev.torsion.internet.Protocol;

/**
 * The connection side of a {@link Request}: how a request's response reaches the wire. HTTP/1.1
 * implements it today and an HTTP/2 stream will tomorrow, so a Request never knows which protocol
 * carries it (Twisted's {@code HTTPChannel}, seen from {@code Request}).
 *
 * <p>Applications do not call this; it is public for protocol implementations and test doubles.
 *
 * <pre>{@code
 * // what Request.write does on the first call:
 * channel.writeResponse(request, data, false);   // head + first piece of body
 * }</pre>
 */
public interface HttpChannel {
  /**
   * Sends {@code data} (may be null) as the next piece of {@code request}'s response body; the
   * first call also sends the head, taken from the request's code and response headers. With
   * {@code last} the response is complete and the channel moves on to the next request.
   */
  void writeResponse(Request request, byte[] data, boolean last);

  /** Attaches a producer of the response body to the connection's flow control. */
  void registerProducer(Producer producer, boolean streaming);

  /** Detaches the producer. */
  void unregisterProducer();

  Address getPeer();

  Address getHost();

  /** True when the connection is over TLS. */
  boolean isSecure();

  /** Drops the connection now, for a response that cannot be completed. */
  void abortConnection();

  /** Stops reading a streamed request body ({@link StreamingRequestBody}) for now. */
  default void pauseRequestBody() {
    throw new UnsupportedOperationException(getClass().getName() + " does not stream bodies");
  }

  /** Reads a streamed request body again after {@link #pauseRequestBody()}. */
  default void resumeRequestBody() {
    throw new UnsupportedOperationException(getClass().getName() + " does not stream bodies");
  }

  /**
   * The {@code :protocol} of an extended CONNECT (RFC 8441 4, HTTP/2), such as "websocket", or
   * null for any other request.
   */
  default String getConnectProtocol() {
    return null;
  }

  /**
   * Answers {@code request} with 101 Switching Protocols (its response headers as set, plus
   * {@code Connection: Upgrade}) and hands the connection to {@code next}: its transport, then
   * any bytes that followed the request head (HTTP/1.1, RFC 9110 7.8). RFC 9113 8.6 forbids 101
   * over HTTP/2; there an extended CONNECT (RFC 8441) is answered 200 instead and its stream
   * becomes {@code next}'s transport.
   */
  default void switchProtocols(Request request, Protocol next) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot switch protocols");
  }
}
