package dev.torsion.mail.internal;

import java.util.Arrays;

/**
 * Splits a byte stream into lines ended by CRLF only, bounded: the line framing of SMTP, POP3
 * and IMAP. A bare CR or LF is part of the line, not its end, so that the caller sees it and
 * can refuse it (the SMTP smuggling trick relies on a server that ends lines at a bare LF).
 *
 * <pre>
 *   line  = *(octet) CR LF          ; CR LF only; "a\nb" is one line of three octets
 *   limit = octets before CR LF     ; more: the line is cut, the rest up to CR LF skipped,
 *                                   ; and reported once as tooLong
 * </pre>
 *
 * <p>Nothing is allocated by what a peer announces: the buffer grows to at most {@link #limit}
 * octets. {@link #feed} stops when the sink asks, and says where, so a protocol can keep the
 * rest for later (a command waiting on a login) or drop it (bytes behind STARTTLS).
 */
public final class CrlfLineSplitter {
  /** Receives lines. */
  public interface Sink {
    /**
     * One line without its CRLF; {@code tooLong} when it was longer than the limit and is cut.
     * Return false to stop {@link #feed} right after this line.
     */
    boolean line(byte[] line, boolean tooLong);
  }

  private int limit;
  private byte[] buf = new byte[128];
  private int len;
  private boolean overflow;
  /** The last byte appended (or skipped, in overflow), or -1: a CR here may pair with a LF next. */
  private int last = -1;

  public CrlfLineSplitter(int limit) {
    this.limit = limit;
  }

  /** The longest line accepted from the next line on, not counting CRLF. */
  public void setLimit(int limit) {
    this.limit = limit;
  }

  /** Octets of an unfinished line held. */
  public int buffered() {
    return len;
  }

  /** Forgets an unfinished line. */
  public void clear() {
    len = 0;
    overflow = false;
    last = -1;
    if (buf.length > 4096) {
      buf = new byte[128];
    }
  }

  /**
   * Feeds {@code data[off, off+n)}; returns how many of them were consumed: all, or fewer when
   * the sink returned false (then the unconsumed rest is the caller's).
   */
  public int feed(byte[] data, int off, int n, Sink sink) {
    int i = off;
    int end = off + n;
    while (i < end) {
      int lf = -1;
      for (int j = i; j < end; j++) {
        if (data[j] == '\n') {
          lf = j;
          break;
        }
      }
      int stop = lf < 0 ? end : lf;
      boolean crBefore = stop > i ? data[stop - 1] == '\r' : last == '\r';
      append(data, i, stop - i);
      if (lf < 0) {
        return n;
      }
      i = lf + 1;
      if (!crBefore) {
        append(data, lf, 1); // a bare LF belongs to the line
        continue;
      }
      // Drop the CR that ends the line (it was appended, or counted in overflow).
      byte[] line;
      boolean tooLong = overflow;
      if (tooLong) {
        line = Arrays.copyOf(buf, Math.min(len, limit));
      } else {
        line = Arrays.copyOf(buf, len - 1);
      }
      len = 0;
      overflow = false;
      last = -1;
      if (buf.length > 4096) {
        buf = new byte[128];
      }
      if (!sink.line(line, tooLong)) {
        return i - off;
      }
    }
    return n;
  }

  private void append(byte[] data, int from, int count) {
    if (count == 0) {
      return;
    }
    last = data[from + count - 1];
    if (overflow) {
      return;
    }
    // +1: the CR of the CRLF is held until the LF shows it ends the line.
    int room = limit + 1 - len;
    int take = Math.min(room, count);
    if (take < count) {
      overflow = true;
    }
    if (len + take > buf.length) {
      buf = Arrays.copyOf(buf, Math.min(limit + 1, Math.max(len + take, buf.length * 2)));
    }
    System.arraycopy(data, from, buf, len, take);
    len += take;
  }
}
