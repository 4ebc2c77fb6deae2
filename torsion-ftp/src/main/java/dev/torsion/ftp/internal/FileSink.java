package dev.torsion.ftp.internal;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.PushProducer;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.Threads;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;

/**
 * Writes what a data connection receives into a file, each write on the reactor's thread pool,
 * one at a time and in order; the connection is paused while more than {@link #HIGH_WATER}
 * bytes wait for the disk and resumed once they drop to {@link #LOW_WATER}.
 *
 * <pre>
 *   dataReceived --> queue --(one write in flight on the pool)--> FileChannel
 *        queue > HIGH_WATER: source.pauseProducing()    queue <= LOW_WATER: resumeProducing()
 *   end(): once the queue is empty, force and close, fire with the byte count
 * </pre>
 */
public final class FileSink {
  public static final int HIGH_WATER = 256 * 1024;
  public static final int LOW_WATER = 64 * 1024;
  private static final int MAX_BATCH = 1024 * 1024;

  private final Reactor reactor;
  private final FileChannel channel;
  private final PushProducer source;
  private final Ascii.FromCrlf ascii;
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private final Deferred<Long> done = new Deferred<>();
  private long queued;
  private long position;
  private long written;
  private boolean writing;
  private boolean ending;
  private boolean finished;
  private boolean paused;

  /** Writes at {@code position} onward (APPE: the file's size; REST: the offset). */
  public FileSink(Reactor reactor, FileChannel channel, long position, boolean ascii, PushProducer source) {
    this.reactor = reactor;
    this.channel = channel;
    this.position = position;
    this.ascii = ascii ? new Ascii.FromCrlf() : null;
    this.source = source;
  }

  /** Fires with the bytes written once {@link #end} has been called and everything is on disk. */
  public Deferred<Long> done() {
    return done;
  }

  public void write(byte[] data) {
    if (finished || ending) {
      return;
    }
    byte[] chunk = ascii == null ? data : ascii.convert(data);
    if (chunk.length == 0) {
      return;
    }
    queue.add(chunk);
    queued += chunk.length;
    if (queued > HIGH_WATER && !paused) {
      paused = true;
      source.pauseProducing();
    }
    writeNext();
  }

  /** No more data: finish writing, then close. */
  public void end() {
    if (ascii != null && !ending) {
      byte[] rest = ascii.finish();
      if (rest.length > 0) {
        queue.add(rest);
        queued += rest.length;
      }
    }
    ending = true;
    writeNext();
  }

  /** Gives up: drops what is queued and closes the file. */
  public void abort(Throwable reason) {
    if (finished) {
      return;
    }
    queue.clear();
    queued = 0;
    ending = true;
    if (!writing) {
      close(reason);
    }
  }

  /** One write at a time, of everything queued (up to 1 MiB) in one gathering write. */
  private void writeNext() {
    if (writing || finished) {
      return;
    }
    if (queue.isEmpty()) {
      if (ending) {
        close(null);
      }
      return;
    }
    java.util.List<ByteBuffer> batch = new java.util.ArrayList<>();
    long size = 0;
    while (!queue.isEmpty() && (batch.isEmpty() || size + queue.peek().length <= MAX_BATCH)) {
      byte[] chunk = queue.poll();
      batch.add(ByteBuffer.wrap(chunk));
      size += chunk.length;
    }
    writing = true;
    long at = position;
    long n = size;
    ByteBuffer[] bufs = batch.toArray(new ByteBuffer[0]);
    Threads.deferToThread(reactor, () -> {
      channel.position(at);
      long left = n;
      while (left > 0) {
        left -= channel.write(bufs);
      }
      return null;
    }).addCallbacks(ignored -> {
      writing = false;
      position += n;
      written += n;
      queued -= n;
      if (paused && queued <= LOW_WATER) {
        paused = false;
        source.resumeProducing();
      }
      writeNext();
      return null;
    }, failure -> {
      writing = false;
      queue.clear();
      close(failure.value());
      return null;
    });
  }

  private void close(Throwable error) {
    if (finished) {
      return;
    }
    finished = true;
    long total = written;
    Threads.deferToThread(reactor, () -> {
      try (FileChannel c = channel) {
        if (error == null) {
          c.force(false);
        }
      }
      return null;
    }).addCallbacks(ignored -> {
      if (error == null) {
        done.callback(total);
      } else {
        done.errback(error);
      }
      return null;
    }, failure -> {
      done.errback(error != null ? error : failure.value());
      return null;
    });
  }

  /** For logs and 226: how much reached the file. */
  public long written() {
    return written;
  }
}
