package dev.torsion.internet;

/**
 * A source of data written into a {@link ByteConsumer}: the common part of Twisted's {@code
 * IPushProducer} and {@code IPullProducer}.
 *
 * @see PushProducer
 * @see PullProducer
 */
public interface Producer {
  /** Stops producing for good: the consumer is gone or no longer wants data. */
  void stopProducing();
}
