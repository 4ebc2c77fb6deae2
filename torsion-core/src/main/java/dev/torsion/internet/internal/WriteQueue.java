package dev.torsion.internet.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
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

  boolean isEmpty() {
    return head == tail;
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
    bytes += n;
  }

  /**
   * Writes as much as the channel takes, with gathering writes; returns true once the queue is
   * empty. Loops only while the kernel takes everything offered, so it never spins.
   */
  boolean flushTo(GatheringByteChannel channel) throws IOException {
    while (head < tail) {
      int count = Math.min(tail - head, MAX_GATHER);
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
      while (head < tail && !buffers[head].hasRemaining()) {
        buffers[head++] = null;
      }
      if (written < offered) {
        return false; // the socket buffer is full
      }
    }
    head = 0;
    tail = 0;
    if (buffers.length > KEEP) {
      buffers = new ByteBuffer[INITIAL];
    }
    return true;
  }

  void clear() {
    Arrays.fill(buffers, head, tail, null);
    head = 0;
    tail = 0;
    bytes = 0;
  }
}
