package dev.torsion.protocols;

import dev.torsion.internet.Transport;
import java.util.Arrays;

/**
 * The bytes a framing protocol has received but not yet handed out, kept as one window
 * {@code [start, end)} over an array.
 *
 * <p>Why not a ByteArrayOutputStream: when the buffer is empty, an incoming chunk is adopted as it
 * is (protocols own the arrays {@code dataReceived} gives them), so the common case of whole
 * frames in one chunk costs no copy into the buffer, and raw data can be handed on unchanged.
 * Only a partial frame followed by more data is copied, into an array the buffer owns and reuses,
 * so feeding one byte at a time allocates nothing per byte.
 */
final class ReceiveBuffer {
  private static final byte[] EMPTY = new byte[0];
  private static final int MIN_CAPACITY = 256;
  private static final int MAX_KEPT = 64 * 1024;

  private byte[] buf = EMPTY;
  private int start;
  private int end;
  /** True when {@link #buf} is our own array (writable), false when adopted from a caller. */
  private boolean owned;
  /** An owned array set aside while an adopted one is in use, to reuse instead of allocating. */
  private byte[] spare;

  int size() {
    return end - start;
  }

  boolean isEmpty() {
    return start == end;
  }

  void append(byte[] data) {
    if (data.length == 0) {
      return;
    }
    if (isEmpty()) {
      if (owned && buf.length > 0 && buf.length <= MAX_KEPT) {
        spare = buf;
      }
      buf = data;
      start = 0;
      end = data.length;
      owned = false;
      return;
    }
    int size = size();
    int needed = size + data.length;
    if (!owned || buf.length - end < data.length) {
      byte[] target;
      if (owned && buf.length >= needed) {
        target = buf; // compact in place
      } else if (spare != null && spare.length >= needed) {
        target = spare;
        spare = null;
      } else {
        target = new byte[Math.max(MIN_CAPACITY, Math.max(needed, size * 2))];
      }
      System.arraycopy(buf, start, target, 0, size);
      buf = target;
      start = 0;
      end = size;
      owned = true;
    }
    System.arraycopy(data, 0, buf, end, data.length);
    end += data.length;
  }

  /** The byte at {@code offset} from the start of the unread data. */
  byte get(int offset) {
    return buf[start + offset];
  }

  /**
   * The offset (from the start of the unread data) where {@code delimiter} begins, searching from
   * offset {@code from}, or -1.
   */
  int indexOf(byte[] delimiter, int from) {
    byte first = delimiter[0];
    int last = end - delimiter.length;
    outer:
    for (int i = start + from; i <= last; i++) {
      if (buf[i] != first) {
        continue;
      }
      for (int j = 1; j < delimiter.length; j++) {
        if (buf[i + j] != delimiter[j]) {
          continue outer;
        }
      }
      return i - start;
    }
    return -1;
  }

  /** Removes and returns the first {@code n} unread bytes as a new array. */
  byte[] take(int n) {
    byte[] out = Arrays.copyOfRange(buf, start, start + n);
    skip(n);
    return out;
  }

  /** Drops the first {@code n} unread bytes. */
  void skip(int n) {
    start += n;
    if (start == end) {
      clear();
    }
  }

  /** Removes and returns everything unread; an adopted chunk read whole is returned as it is. */
  byte[] takeAll() {
    byte[] out;
    if (!owned && start == 0 && end == buf.length) {
      out = buf;
    } else {
      out = Arrays.copyOfRange(buf, start, end);
    }
    clear();
    return out;
  }

  /**
   * Called after a message handler ran: if it swapped the protocol's transport (startTLS puts the
   * TLS layer in), the bytes still buffered came in plaintext with the STARTTLS command and must
   * never be handed up as if they came through TLS (CVE-2011-0411): they are dropped. True if so.
   */
  boolean dropIfTransportChanged(Transport before, Transport now) {
    if (before == null || now == before) {
      return false;
    }
    clear();
    return true;
  }

  void clear() {
    if (owned) {
      // A buffer grown for one huge frame should not stay pinned to an idle connection.
      if (buf.length > MAX_KEPT) {
        buf = EMPTY;
        owned = false;
      }
      start = 0;
      end = 0;
    } else {
      buf = spare != null ? spare : EMPTY;
      owned = spare != null;
      spare = null;
      start = 0;
      end = 0;
    }
  }
}
