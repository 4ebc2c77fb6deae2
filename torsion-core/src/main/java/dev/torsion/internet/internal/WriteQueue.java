package dev.torsion.internet.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The buffers a connection has been given and not yet sent, in order, flushed with gathering
 * writes. The buffers are the callers' own (wrapped arrays, never copies); see
 * docs/design/buffers-and-backpressure.md.
 *
 * <pre>
 *   buffers: [ sent | sent | head ... partly sent ... | queued | queued | null ... ]
 *                             ^head                                  ^tail
 * </pre>
 *
 * <p>File regions ({@link FileRegion}, sent with transferTo) wait in a second queue, each marked
 * with how many buffers were added before it: a gathering write stops at the next region's
 * place, the region is transferred, and the buffers behind it follow. A region counts its unsent
 * length in {@link #bytes()}, as a buffer does, so the water marks see it.
 *
 * Not thread-safe: owned by one connection on its loop's thread.
 */
final class WriteQueue {
  /** Linux's IOV_MAX: the most buffers one writev() takes. */
  private static final int MAX_GATHER = 1024;
  private static final int INITIAL = 8;
  /** A drained queue whose array grew past this gives it back, so idle connections stay small. */
  private static final int KEEP = 64;

  private ByteBuffer[] buffers = new ByteBuffer[INITIAL];
  private int head;
  private int tail;
  private long bytes;
  private ArrayDeque<FileRegion> regions; // made on the first region
  private long added; // buffers ever added
  private long removed; // buffers ever taken off the head, sent or cleared

  boolean isEmpty() {
    return head == tail && (regions == null || regions.isEmpty());
  }

  long bytes() {
    return bytes;
  }

  void add(ByteBuffer buffer) {
    int n = buffer.remaining();
    if (n == 0) {
      return;
    }
    if (tail == buffers.length) {
      if (head > 0) {
        System.arraycopy(buffers, head, buffers, 0, tail - head);
        Arrays.fill(buffers, tail - head, tail, null);
        tail -= head;
        head = 0;
      } else {
        buffers = Arrays.copyOf(buffers, buffers.length * 2);
      }
    }
    buffers[tail++] = buffer;
    added++;
    bytes += n;
  }

  /** Queues {@code region} after every buffer added so far; the queue now owns its file. */
  void add(FileRegion region) {
    if (regions == null) {
      regions = new ArrayDeque<>(2);
    }
    region.after = added;
    regions.add(region);
    bytes += region.remaining();
  }

  /**
   * Writes as much as the channel takes, with gathering writes and, for file regions, transferTo;
   * returns true once the queue is empty. Loops only while the kernel takes everything offered,
   * so it never spins. A {@link FileRegion.Truncated} means the stream can no longer be what the
   * peer was promised: the caller closes the connection.
   */
  boolean flushTo(GatheringByteChannel channel) throws IOException {
    while (true) {
      FileRegion region = regions == null ? null : regions.peekFirst();
      int ahead = region == null ? tail - head : (int) (region.after - removed);
      if (ahead > 0) {
        if (!gather(channel, ahead)) {
          return false; // the socket buffer is full
        }
        continue;
      }
      if (region == null) {
        break;
      }
      bytes -= region.transferTo(channel);
      if (region.remaining() > 0) {
        return false;
      }
      regions.pollFirst();
      region.close();
    }
    head = 0;
    tail = 0;
    if (buffers.length > KEEP) {
      buffers = new ByteBuffer[INITIAL];
    }
    return true;
  }

  /** One gathering write of up to {@code ahead} buffers; true when the kernel took them all. */
  private boolean gather(GatheringByteChannel channel, int ahead) throws IOException {
    int count = Math.min(ahead, MAX_GATHER);
    long offered;
    long written;
    if (count == 1) {
      ByteBuffer b = buffers[head];
      offered = b.remaining();
      written = channel.write(b);
    } else {
      offered = 0;
      for (int i = head; i < head + count; i++) {
        offered += buffers[i].remaining();
      }
      written = channel.write(buffers, head, count);
    }
    bytes -= written;
    for (int i = 0; i < count && !buffers[head].hasRemaining(); i++) {
      buffers[head++] = null;
      removed++;
    }
    return written == offered;
  }

  /**
   * Replaces each queued read buffer (a burst's view, see StreamConnection.doRead) with a copy of
   * its unsent bytes, before the loop reads into it again.
   */
  void copyReadBuffers(EventLoop loop) {
    for (int i = head; i < tail; i++) {
      if (loop.isReadBuffer(buffers[i])) {
        buffers[i] = StreamConnection.copyRest(buffers[i]);
      }
    }
  }

  /** Drops everything queued, closing the files of the regions. */
  void clear() {
    Arrays.fill(buffers, head, tail, null);
    removed += tail - head;
    if (regions != null) {
      for (FileRegion r : regions) {
        r.close();
      }
      regions.clear();
    }
    head = 0;
    tail = 0;
    bytes = 0;
  }
}
