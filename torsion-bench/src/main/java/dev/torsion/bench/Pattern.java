package dev.torsion.bench;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The bytes every load client sends and expects back: a 64 KiB pseudo-random block repeated
 * forever, each connection starting at its own offset, so a byte lost, duplicated, reordered or
 * crossed between connections fails the run. Stored twice over so that any window of up to one
 * block starting anywhere in the first copy is contiguous (compared with one vectorised mismatch,
 * not byte by byte).
 */
final class Pattern {
  static final int BLOCK = 64 * 1024;
  static final byte[] BYTES = make();
  static final ByteBuffer DIRECT = ByteBuffer.allocateDirect(2 * BLOCK).put(BYTES).flip();

  private Pattern() {}

  private static byte[] make() {
    byte[] block = new byte[BLOCK];
    SplittableRandom random = new SplittableRandom(0x7043_5107L);
    for (int i = 0; i < BLOCK; i++) {
      block[i] = (byte) random.nextInt(256);
    }
    byte[] twice = Arrays.copyOf(block, 2 * BLOCK);
    System.arraycopy(block, 0, twice, BLOCK, BLOCK);
    return twice;
  }

  /** Where connection {@code conn}'s stream is in the block at stream offset {@code at}. */
  static int offset(int conn, long at) {
    return (int) ((at + conn * 7919L) % BLOCK);
  }

  /** Throws unless {@code got[0..n)} is what connection {@code conn} sent at {@code at}. */
  static void verify(int conn, long at, byte[] got, int n) {
    int off = offset(conn, at);
    for (int done = 0; done < n; ) {
      int len = Math.min(n - done, BLOCK);
      int o = offset(conn, at + done);
      if (Arrays.mismatch(got, done, done + len, BYTES, o, o + len) >= 0) {
        throw mismatch(conn, at + done, off);
      }
      done += len;
    }
  }

  /** As {@link #verify(int, long, byte[], int)} for a buffer's remaining bytes (at most a block). */
  static void verify(int conn, long at, ByteBuffer got) {
    int o = offset(conn, at);
    ByteBuffer want = DIRECT.duplicate();
    want.limit(o + got.remaining()).position(o);
    if (got.mismatch(want) >= 0) {
      throw mismatch(conn, at, o);
    }
  }

  private static IllegalStateException mismatch(int conn, long at, int off) {
    return new IllegalStateException(
        "connection " + conn + ": echoed bytes differ from those sent near stream offset " + at);
  }
}
