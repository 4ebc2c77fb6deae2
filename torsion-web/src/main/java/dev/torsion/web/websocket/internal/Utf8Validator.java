package dev.torsion.web.websocket.internal;

/**
 * Checks UTF-8 as it arrives, piece by piece, so a text message split anywhere (across frames,
 * across reads) is judged as a whole and a bad byte is caught where it arrives, not when the
 * message ends (RFC 6455 8.1: a text message that is not UTF-8 fails the connection with 1007).
 *
 * <p>Well-formed sequences are those of Unicode's table 3-7: the first byte fixes how many
 * continuation bytes follow and, for E0, ED, F0 and F4, a narrower range for the second one
 * (no overlong forms, no surrogates, nothing above U+10FFFF).
 *
 * <pre>
 *   lead byte        continuation bytes
 *   00..7F           -
 *   C2..DF           80..BF
 *   E0               A0..BF 80..BF
 *   E1..EC, EE..EF   80..BF 80..BF
 *   ED               80..9F 80..BF
 *   F0               90..BF 80..BF 80..BF
 *   F1..F3           80..BF 80..BF 80..BF
 *   F4               80..8F 80..BF 80..BF
 * </pre>
 */
public final class Utf8Validator {
  private int needed; // continuation bytes still expected
  private int low = 0x80; // bounds for the next continuation byte
  private int high = 0xBF;

  /** Feeds the next bytes; false as soon as they cannot be (part of) well-formed UTF-8. */
  public boolean feed(byte[] data, int offset, int length) {
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      int c = data[i] & 0xFF;
      if (needed == 0) {
        if (c < 0x80) {
          continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
          needed = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
          needed = 2;
          if (c == 0xE0) {
            low = 0xA0;
          } else if (c == 0xED) {
            high = 0x9F;
          }
        } else if (c >= 0xF0 && c <= 0xF4) {
          needed = 3;
          if (c == 0xF0) {
            low = 0x90;
          } else if (c == 0xF4) {
            high = 0x8F;
          }
        } else {
          return false;
        }
      } else {
        if (c < low || c > high) {
          return false;
        }
        low = 0x80;
        high = 0xBF;
        needed--;
      }
    }
    return true;
  }

  /** True when the bytes so far end on a character boundary. */
  public boolean isComplete() {
    return needed == 0;
  }

  /** Starts over, for the next message. */
  public void reset() {
    needed = 0;
    low = 0x80;
    high = 0xBF;
  }
}
