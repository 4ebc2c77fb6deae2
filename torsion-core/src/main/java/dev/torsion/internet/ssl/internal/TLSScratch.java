package dev.torsion.internet.ssl.internal;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The heap buffers TLS layers work in, lent per thread, so that an idle TLS connection owns
 * none: a layer borrows one when bytes arrive or are written and gives it back once it is
 * empty again, within the same event. Netty's {@code SslHandler} borrows from its allocator the
 * same way; here no buffer ever leaves {@link TLSLayer}, so there is no reference counting.
 *
 * <p>Layers run on one reactor thread each, so a thread-local free list needs no locks. It is a
 * list and not a single buffer because one layer's event may run another's on the same thread
 * (a proxy's {@code dataReceived} writing to its other TLS side), and each holds its own.
 */
final class TLSScratch {
  /** Fits two records of ciphertext (the wrap buffer) or one of plaintext. */
  private static final int SMALLEST = 34 * 1024;
  /** Bigger buffers (a large read joined to a partial record) are used once and dropped. */
  static final int LARGEST_KEPT = 128 * 1024;
  /** Free buffers kept per thread: enough for a few layers nested in one event. */
  private static final int KEEP = 8;

  private static final ThreadLocal<TLSScratch> PER_THREAD = ThreadLocal.withInitial(TLSScratch::new);

  private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>(KEEP);

  private TLSScratch() {}

  /** An empty buffer (position 0, limit = capacity) of at least {@code minCapacity} bytes. */
  static ByteBuffer borrow(int minCapacity) {
    return PER_THREAD.get().take(minCapacity);
  }

  /** Takes back a buffer from {@link #borrow}; the caller must drop every reference to it. */
  static void giveBack(ByteBuffer buffer) {
    PER_THREAD.get().put(buffer);
  }

  private ByteBuffer take(int minCapacity) {
    for (Iterator<ByteBuffer> it = free.iterator(); it.hasNext(); ) {
      ByteBuffer b = it.next();
      if (b.capacity() >= minCapacity) {
        it.remove();
        return b;
      }
    }
    return ByteBuffer.allocate(Math.max(minCapacity, SMALLEST));
  }

  private void put(ByteBuffer buffer) {
    if (free.size() < KEEP && buffer.capacity() <= LARGEST_KEPT) {
      buffer.clear();
      free.push(buffer);
    }
  }
}
