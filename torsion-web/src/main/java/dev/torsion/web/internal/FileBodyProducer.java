package dev.torsion.web.internal;

import dev.torsion.internet.Log;
import dev.torsion.internet.PushProducer;
import dev.torsion.web.server.Request;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Streams regions of a file into a response, one 64 KiB piece at a time, for as long as the
 * connection is not paused: memory stays flat whatever the file size. Between regions it writes
 * the given separators (the multipart/byteranges part heads).
 */
public final class FileBodyProducer implements PushProducer {
  private static final int CHUNK = 64 * 1024;

  private final Request request;
  private final FileChannel file;
  private final long[] regions; // start, end (exclusive), start, end...
  private final byte[][] before; // written before each region, may be null
  private final byte[] after; // written after the last region, may be null
  private int region;
  private long position;
  private boolean separatorWritten;
  private boolean done;
  private final ProducingLoop loop = new ProducingLoop(() -> done, this::step, this::failed);

  public FileBodyProducer(Request request, FileChannel file, long[] regions, byte[][] before,
      byte[] after) {
    this.request = request;
    this.file = file;
    this.regions = regions;
    this.before = before;
    this.after = after;
    this.position = regions.length > 0 ? regions[0] : 0;
  }

  /** Registers with the request and starts writing. */
  public void start() {
    request.registerProducer(this, true);
    resumeProducing();
  }

  @Override
  public void pauseProducing() {
    loop.pause();
  }

  @Override
  public void resumeProducing() {
    loop.resume();
  }

  private void failed(Exception e) {
    close();
    if (!request.isFinished()) {
      request.processingFailed(e);
    } else {
      Log.err(e, "streaming a file");
    }
  }

  private void step() throws IOException {
    if (region * 2 >= regions.length) {
      done = true;
      close();
      if (after != null) {
        request.write(after);
      }
      request.unregisterProducer();
      if (!request.isFinished()) {
        request.finish();
      }
      return;
    }
    if (!separatorWritten && before != null && before[region] != null) {
      separatorWritten = true;
      request.write(before[region]);
      return;
    }
    long end = regions[region * 2 + 1];
    int n = (int) Math.min(CHUNK, end - position);
    ByteBuffer buf = ByteBuffer.allocate(n);
    while (buf.hasRemaining()) {
      int read = file.read(buf, position + buf.position());
      if (read < 0) {
        throw new IOException("file shrank while being sent");
      }
    }
    position += n;
    if (position >= end) {
      region++;
      separatorWritten = false;
      if (region * 2 < regions.length) {
        position = regions[region * 2];
      }
    }
    request.write(buf.array());
  }

  @Override
  public void stopProducing() {
    done = true;
    close();
  }

  private void close() {
    try {
      file.close();
    } catch (IOException ignored) {
      // closing a file we only read: nothing to recover
    }
  }
}
