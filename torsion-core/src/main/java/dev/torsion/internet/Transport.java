package dev.torsion.internet;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One end of a byte-stream connection, as its protocol sees it: Twisted's {@code ITransport}
 * and {@code ITCPTransport}.
 *
 * <p>All methods are for the reactor thread that owns the connection. Writes never block: data
 * is queued and sent as the socket allows; producers registered with {@link #registerProducer}
 * are paused when the queue passes the high-water mark. The transport keeps references to the
 * arrays and buffers it is given rather than copying them: do not change them after writing.
 *
 * <pre>{@code
 * public void dataReceived(byte[] data) {
 *   transport.write(data);            // echo
 * }
 * }</pre>
 */
public interface Transport extends ByteConsumer, PushProducer {
  /** Queues {@code data}; the buffer is sent from its position to its limit. */
  void write(ByteBuffer data);

  /** Queues several pieces, sent together with one gathering write where possible. */
  default void writeSequence(List<byte[]> data) {
    for (byte[] piece : data) {
      write(piece);
    }
  }

  /** Closes the connection once every queued byte has been sent; the reason is ConnectionDone. */
  void loseConnection();

  /** Closes the connection now, dropping queued data; the reason is ConnectionAborted. */
  void abortConnection();

  /** Shuts down the write side after queued data is sent, leaving the read side open. */
  default void loseWriteConnection() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot half-close");
  }

  /** The address of the other end. */
  Address getPeer();

  /** The address of this end. */
  Address getHost();

  /** Sets TCP_NODELAY (on by default for TCP). */
  default void setTcpNoDelay(boolean enabled) {}

  /** Sets SO_KEEPALIVE. */
  default void setTcpKeepAlive(boolean enabled) {}

  /** True once the transport has started closing or has closed. */
  boolean isDisconnecting();

  /**
   * Sets the marks at which a registered streaming producer is paused (queued bytes above {@code
   * highWater}) and resumed (at or below {@code lowWater}). Defaults: 16 KiB and 64 KiB.
   */
  default void setWriteBufferWaterMarks(int lowWater, int highWater) {}

  /** How many written bytes are queued and not yet handed to the operating system. */
  default long getWriteBufferSize() {
    return 0;
  }

  /**
   * Switches this live connection to TLS (STARTTLS): writes already queued go out first, in
   * plaintext, then the handshake; from then on the protocol's {@code transport} is a {@link
   * dev.torsion.internet.ssl.TLSTransport}. Bytes that arrived in plaintext are never handed up
   * as if they came through TLS: a protocol must drop any input it has buffered but not yet
   * processed when it calls this. Throws UnsupportedOperationException if the transport cannot.
   */
  default void startTLS(dev.torsion.internet.ssl.TLSOptions options) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot start TLS");
  }
}
