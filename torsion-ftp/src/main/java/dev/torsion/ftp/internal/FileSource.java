package dev.torsion.ftp.internal;

import dev.torsion.internet.ByteConsumer;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.PushProducer;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.Threads;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Streams a file into a consumer, each chunk read on the reactor's thread pool: a streaming
 * producer, so the consumer's high-water mark pauses it and its drain resumes it.
 *
 * <p>Unlike core's FileSender, no read ever runs on the reactor thread: a slow disk (or a
 * network file system under the root) delays this transfer, never the other connections. At
 * most one read is in flight and one chunk is held (read ahead while the consumer is paused, so
 * the socket does not wait for the disk at the resume): memory per transfer is two chunks plus
 * the consumer's write buffer.
 *
 * <pre>
 *   start --> reading (pool) --chunk, not paused--> write to consumer --> reading
 *                             \--chunk, paused--> held ... resume --> write it --> reading
 *   EOF or error or stopProducing --> done (channel closed, Deferred fired once)
 * </pre>
 */
public final class FileSource implements PushProducer {
  public static final int CHUNK = 256 * 1024;

  /** Called with each chunk on the reactor thread before it is written (progress, timeouts). */
  public interface Progress {
    void sent(int bytes);
  }

  private final Reactor reactor;
  private final FileChannel channel;
  private final boolean ascii;
  private final Progress progress;
  private final Deferred<Long> done = new Deferred<>();
  private ByteConsumer consumer;
  private boolean paused;
  private byte[] ahead; // read while paused, written at the resume: the socket never waits for the disk
  private boolean reading;
  private boolean finished;
  private long position;
  private long sent;

  /** {@code channel} positioned by the caller is read from {@code offset}; it is closed at the end. */
  public FileSource(Reactor reactor, FileChannel channel, long offset, boolean ascii, Progress progress) {
    this.reactor = reactor;
    this.channel = channel;
    this.position = offset;
    this.ascii = ascii;
    this.progress = progress;
  }

  /** Starts streaming; fires with the bytes sent once the whole file has been written. */
  public Deferred<Long> beginTransfer(ByteConsumer consumer) {
    this.consumer = consumer;
    consumer.registerProducer(this, true);
    readNext();
    return done;
  }

  private void readNext() {
    if (reading || ahead != null || finished) {
      return;
    }
    reading = true;
    long at = position;
    Threads.deferToThread(reactor, () -> {
      ByteBuffer buf = ByteBuffer.allocate(CHUNK);
      int n = channel.read(buf, at);
      return n < 0 ? null : Arrays.copyOf(buf.array(), n);
    }).addCallbacks(chunk -> {
      reading = false;
      if (finished) {
        return null;
      }
      if (chunk == null) {
        finish(null);
        return null;
      }
      position += chunk.length;
      byte[] out = ascii ? Ascii.toCrlf(chunk) : chunk;
      if (paused) {
        ahead = out;
        return null;
      }
      send(out);
      readNext();
      return null;
    }, failure -> {
      reading = false;
      finish(failure.value());
      return null;
    });
  }

  private void send(byte[] out) {
    sent += out.length;
    progress.sent(out.length);
    consumer.write(out);
  }

  private void finish(Throwable error) {
    if (finished) {
      return;
    }
    finished = true;
    consumer.unregisterProducer();
    closeQuietly();
    if (error == null) {
      done.callback(sent);
    } else {
      done.errback(error);
    }
  }

  private void closeQuietly() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // opened for reading only: nothing is lost
    }
  }

  @Override
  public void pauseProducing() {
    paused = true;
  }

  @Override
  public void resumeProducing() {
    paused = false;
    byte[] next = ahead;
    ahead = null;
    if (next != null && !finished) {
      send(next);
    }
    if (!paused) {
      readNext();
    }
  }

  @Override
  public void stopProducing() {
    finish(new IOException("the data connection closed after " + sent + " bytes"));
  }
}
