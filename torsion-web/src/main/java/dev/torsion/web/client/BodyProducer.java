package dev.torsion.web.client;

import dev.torsion.internet.ByteConsumer;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.PushProducer;

/**
 * The body of a request, written when the connection is ready: Twisted's {@code IBodyProducer}.
 * It is paused and resumed with the connection's write buffer, so a large upload streams.
 *
 * <pre>{@code
 * agent.request("POST", url, headers, BodyProducer.of(json.getBytes(UTF_8)));
 * }</pre>
 */
public interface BodyProducer extends PushProducer {
  /** The body length, or -1 when unknown (the body is then sent chunked). */
  long length();

  /** Starts writing into {@code consumer}; the Deferred fires when the whole body is written. */
  Deferred<Void> startProducing(ByteConsumer consumer);

  /** A producer of a fixed array. */
  static BodyProducer of(byte[] body) {
    return new BodyProducer() {
      @Override public long length() {
        return body.length;
      }

      @Override public Deferred<Void> startProducing(ByteConsumer consumer) {
        if (body.length > 0) {
          consumer.write(body);
        }
        return Deferred.succeed(null);
      }

      @Override public void pauseProducing() {}

      @Override public void resumeProducing() {}

      @Override public void stopProducing() {}
    };
  }
}
