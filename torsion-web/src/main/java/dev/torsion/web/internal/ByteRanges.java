package dev.torsion.web.internal;

import java.util.ArrayList;
import java.util.List;

/** Parses a Range header (RFC 9110 14.1.2) against a representation's length. */
public final class ByteRanges {
  /** At most this many ranges are honoured; more and the whole body is sent instead. */
  public static final int MAX_RANGES = 32;

  private ByteRanges() {}

  /**
   * The satisfiable ranges as [first, last] pairs (inclusive), an empty list when none is
   * satisfiable (416), or null when the header is invalid or not worth honouring (send 200).
   */
  public static List<long[]> parse(String header, long size) {
    if (header == null) {
      return null;
    }
    String h = header.trim();
    if (h.length() < 6 || !h.regionMatches(true, 0, "bytes=", 0, 6)) {
      return null;
    }
    String[] specs = h.substring(6).split(",", -1);
    if (specs.length > MAX_RANGES) {
      return null;
    }
    List<long[]> out = new ArrayList<>();
    for (String raw : specs) {
      String spec = raw.trim();
      int dash = spec.indexOf('-');
      if (dash < 0) {
        return null;
      }
      String a = spec.substring(0, dash);
      String b = spec.substring(dash + 1);
      if (a.isEmpty()) {
        long n = Ascii.decimal(b);
        if (n < 0) {
          return null;
        }
        if (n > 0 && size > 0) {
          out.add(new long[] {Math.max(0, size - n), size - 1});
        }
        continue;
      }
      long first = Ascii.decimal(a);
      long last = b.isEmpty() ? Long.MAX_VALUE : Ascii.decimal(b);
      if (first < 0 || last < 0 || last < first) {
        return null;
      }
      if (first < size) {
        out.add(new long[] {first, Math.min(last, size - 1)});
      }
    }
    return out;
  }
}
