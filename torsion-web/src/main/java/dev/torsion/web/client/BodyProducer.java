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

  /**
   * A producer that streams {@code length} bytes from {@code in}, 64 KiB at a time and only
   * while the connection is not paused, closing it at the end: Twisted's {@code
   * FileBodyProducer}. Memory stays flat whatever the length. The stream is read on the reactor
   * thread, so it should be a file or memory, not a socket.
   */
  static BodyProducer of(java.io.InputStream in, long length) {
    return new dev.torsion.web.internal.StreamBodyProducer(in, length);
  }

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
