package dev.torsion.protocols;

import dev.torsion.internet.ByteConsumer;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.PullProducer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams a file (or any InputStream) into a consumer, one 64 KiB chunk each time the consumer
 * asks: Twisted's {@code basic.FileSender}, a {@link PullProducer}.
 *
 * <p>The consumer (a transport) asks for the next chunk each time its write buffer drains, so a
 * file of any size is sent in bounded memory. The returned Deferred fires with the number of bytes
 * written once the end of the stream is reached, or fails if reading fails or the consumer stops
 * the transfer (the connection closed).
 *
 * <p>Reading runs on the reactor thread, as in Twisted: a read from a local file comes from the
 * page cache or a fast disk and takes microseconds per chunk, far less than sending it. Do not
 * hand it an InputStream that can block for long (a socket, a pipe, a network file system);
 * read those on a thread with {@code deferToThread} instead.
 *
 * <pre>{@code
 * new FileSender().beginFileTransfer(Path.of("big.iso"), transport)
 *     .addCallback(sent -> { transport.loseConnection(); return null; });
 * }</pre>
 */
public final class FileSender implements PullProducer {
  /** Bytes read per chunk. */
  public static final int CHUNK_SIZE = 64 * 1024;

  private InputStream file;
  private ByteConsumer consumer;
  private Deferred<Long> deferred;
  private long sent;

  /**
   * Starts sending {@code file} to {@code consumer}, which owns the pace from now on. The stream
   * is closed when the transfer ends, however it ends.
   */
  public Deferred<Long> beginFileTransfer(InputStream file, ByteConsumer consumer) {
    if (deferred != null) {
      throw new IllegalStateException("a FileSender sends one file; this one is still sending");
    }
    this.file = file;
    this.consumer = consumer;
    this.deferred = new Deferred<>();
    Deferred<Long> result = deferred;
    consumer.registerProducer(this, false);
    return result;
  }

  /** Opens {@code path} and sends it; fails at once if the file cannot be opened. */
  public Deferred<Long> beginFileTransfer(Path path, ByteConsumer consumer) {
    InputStream in;
    try {
      in = Files.newInputStream(path);
    } catch (IOException e) {
      return Deferred.fail(e);
    }
    return beginFileTransfer(in, consumer);
  }

  @Override
  public void resumeProducing() {
    if (file == null) {
      return;
    }
    byte[] chunk;
    try {
      chunk = file.readNBytes(CHUNK_SIZE);
    } catch (IOException e) {
      finish();
      fire(null, e);
      return;
    }
    if (chunk.length == 0) {
      finish();
      fire(sent, null);
      return;
    }
    sent += chunk.length;
    consumer.write(chunk);
  }

  @Override
  public void stopProducing() {
    if (file == null) {
      return;
    }
    closeFile();
    fire(null, new IOException("the consumer stopped the transfer after " + sent + " bytes"));
  }

  private void finish() {
    closeFile();
    consumer.unregisterProducer();
  }

  private void closeFile() {
    try {
      file.close();
    } catch (IOException ignored) {
      // Nothing was written to it; a failed close of a read-only stream loses nothing.
    }
    file = null;
  }

  private void fire(Long result, Throwable error) {
    Deferred<Long> d = deferred;
    deferred = null;
    if (error != null) {
      d.errback(error);
    } else {
      d.callback(result);
    }
  }
}
