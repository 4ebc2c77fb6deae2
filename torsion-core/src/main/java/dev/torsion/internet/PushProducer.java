package dev.torsion.internet;

/**
 * A producer that writes whenever it has data until told to pause: Twisted's {@code
 * IPushProducer}, registered with {@code registerProducer(p, true)}.
 *
 * <p>A transport pauses its push producer when its write buffer passes the high-water mark and
 * resumes it below the low one; a transport is itself a PushProducer for the data it reads.
 *
 * <pre>{@code
 * // a proxy: stop reading from the client while the server side is backed up
 * serverTransport.registerProducer(clientTransport, true);
 * }</pre>
 */
public interface PushProducer extends Producer {
  /** Stops writing until {@link #resumeProducing} is called. */
  void pauseProducing();

  /** Starts writing again after a pause. */
  void resumeProducing();
}
