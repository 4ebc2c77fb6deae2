package dev.torsion.internet;

/**
 * A source of data written into a {@link ByteConsumer}: the common part of Twisted's {@code
 * IPushProducer} and {@code IPullProducer}. Like an {@link java.io.InputStream} turned inside
 * out: the consumer asks, or the producer pushes until told to pause.
 *
 * <pre>{@code
 * // FileSender is a pull producer: it registers itself and is asked for a chunk each time the
 * // transport's buffer drains; if the connection goes, stopProducing() ends it for good.
 * new FileSender().beginFileTransfer(Path.of("big.iso"), transport)
 *     .addCallback(bytes -> { transport.loseConnection(); return null; });
 * }</pre>
 *
 * @see PushProducer
 * @see PullProducer
 */
public interface Producer {
  /** Stops producing for good: the consumer is gone or no longer wants data. */
  void stopProducing();
}
