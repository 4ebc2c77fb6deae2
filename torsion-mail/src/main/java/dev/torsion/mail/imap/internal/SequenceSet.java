package dev.torsion.mail.imap.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A message set (RFC 3501 9 {@code sequence-set}), kept as ranges: {@code 1:*} over a huge
 * mailbox is two numbers, never a list of every message.
 *
 * <pre>
 *   sequence-set = (seq-number / seq-range) *("," sequence-set)
 *   seq-range    = seq-number ":" seq-number      ; either order
 *   seq-number   = nz-number / "*"                ; "*": the largest in use
 * </pre>
 */
public final class SequenceSet {
  public static final int MAX_RANGES = 1000;
  private static final long STAR = -1;

  private final List<long[]> ranges;

  private SequenceSet(List<long[]> ranges) {
    this.ranges = ranges;
  }

  public static SequenceSet parse(String s) throws ImapSyntaxError {
    List<long[]> ranges = new ArrayList<>();
    for (String item : s.split(",", -1)) {
      if (ranges.size() >= MAX_RANGES) {
        throw new ImapSyntaxError("too many ranges in a sequence set");
      }
      int colon = item.indexOf(':');
      if (colon < 0) {
        long n = number(item);
        ranges.add(new long[] {n, n});
      } else {
        ranges.add(new long[] {number(item.substring(0, colon)), number(item.substring(colon + 1))});
      }
    }
    return new SequenceSet(ranges);
  }

  private static long number(String s) throws ImapSyntaxError {
    if (s.equals("*")) {
      return STAR;
    }
    if (!s.matches("[1-9][0-9]{0,9}") || Long.parseLong(s) > 0xFFFFFFFFL) {
      throw new ImapSyntaxError("not a sequence number: " + s);
    }
    return Long.parseLong(s);
  }

  /** Whether {@code n} is in the set, where "*" stands for {@code largest}. */
  public boolean contains(long n, long largest) {
    for (long[] r : ranges) {
      long a = r[0] == STAR ? largest : r[0];
      long b = r[1] == STAR ? largest : r[1];
      if (n >= Math.min(a, b) && n <= Math.max(a, b)) {
        return true;
      }
    }
    return false;
  }
}
