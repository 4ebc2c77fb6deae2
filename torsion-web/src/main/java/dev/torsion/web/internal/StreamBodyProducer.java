package dev.torsion.web.internal;

import dev.torsion.internet.ByteConsumer;
import dev.torsion.internet.Deferred;
import dev.torsion.web.client.BodyProducer;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body read from an InputStream in 64 KiB pieces for as long as the connection is not
 * paused: what {@link BodyProducer#of(InputStream, long)} returns. A stream shorter than the
 * promised length fails the Deferred (the request would otherwise hang half-sent).
 */
public final class StreamBodyProducer implements BodyProducer {
  private static final int CHUNK = 64 * 1024;

  private final InputStream in;
  private final long length;
  private ByteConsumer consumer;
  private Deferred<Void> done;
  private long sent;
  private boolean finished;
  private final ProducingLoop loop = new ProducingLoop(() -> finished, this::step, this::end);

  public StreamBodyProducer(InputStream in, long length) {
    if (length < -1) {
      throw new IllegalArgumentException("length must be -1 (unknown) or more: " + length);
    }
    this.in = in;
    this.length = length;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public Deferred<Void> startProducing(ByteConsumer consumer) {
    this.consumer = consumer;
    this.done = new Deferred<>();
    resumeProducing();
    return done;
  }

  @Override
  public void pauseProducing() {
    loop.pause();
  }

  @Override
  public void resumeProducing() {
    if (consumer != null) {
      loop.resume();
    }
  }

  private void step() throws IOException {
    int want = length < 0 ? CHUNK : (int) Math.min(CHUNK, length - sent);
    if (want == 0) {
      end(null);
      return;
    }
    byte[] buf = in.readNBytes(want);
    if (buf.length == 0) {
      if (length >= 0) {
        throw new IOException("body stream ended after " + sent + " of " + length + " bytes");
      }
      end(null);
      return;
    }
    sent += buf.length;
    consumer.write(buf);
  }

  private void end(Throwable error) {
    if (finished) {
      return;
    }
    finished = true;
    close();
    if (error == null) {
      done.callback(null);
    } else {
      done.errback(error);
    }
  }

  @Override
  public void stopProducing() {
    finished = true;
    close();
  }

  private void close() {
    try {
      in.close();
    } catch (IOException ignored) {
      // a stream we only read: nothing to recover
    }
  }
}
