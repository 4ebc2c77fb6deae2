package dev.torsion.internet;

/**
 * Something bytes can be written to, with flow control: Twisted's {@code IConsumer}.
 *
 * <p>Every {@link Transport} is one; so are an HTTP response body and a TLS layer. The consumer
 * keeps a reference to written arrays and buffers instead of copying them: do not change them
 * after the call.
 *
 * <pre>{@code
 * consumer.registerProducer(fileProducer, true);
 * }</pre>
 */
public interface ByteConsumer {
  /** Queues {@code data} to be sent. */
  void write(byte[] data);

  /**
   * Attaches a producer: a {@link PushProducer} ({@code streaming} true) is paused and resumed
   * with the write buffer; a {@link PullProducer} ({@code streaming} false) is asked for more
   * each time the buffer drains. Only one producer at a time.
   */
  void registerProducer(Producer producer, boolean streaming);

  /** Detaches the current producer. */
  void unregisterProducer();
}
