package dev.torsion.internet;

/**
 * A producer that writes one piece each time it is asked: Twisted's {@code IPullProducer},
 * registered with {@code registerProducer(p, false)}. The consumer asks again each time its
 * buffer drains.
 *
 * <pre>{@code
 * transport.registerProducer(new PullProducer() {
 *   public void resumeProducing() { transport.write(nextChunk()); }
 *   public void stopProducing() { close(); }
 * }, false);
 * }</pre>
 */
public interface PullProducer extends Producer {
  /** Writes the next piece of data to the consumer (or unregisters itself when done). */
  void resumeProducing();
}
