package dev.torsion.web.internal;

/** Byte-level ASCII helpers for parsers: character classes, numbers and case-insensitive compares. */
public final class Ascii {
  private static final boolean[] TCHAR = new boolean[256];

  static {
    // RFC 9110 5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
    //   "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    for (char c = '0'; c <= '9'; c++) {
      TCHAR[c] = true;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      TCHAR[c] = true;
      TCHAR[c - 32] = true;
    }
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TCHAR[c] = true;
    }
  }

  private Ascii() {}

  public static boolean isTokenChar(byte b) {
    return TCHAR[b & 0xff];
  }

  /** True for bytes allowed in a field value: HTAB, SP, VCHAR and obs-text (RFC 9110 5.5). */
  public static boolean isFieldValueChar(byte b) {
    int c = b & 0xff;
    return c == '\t' || (c >= 0x20 && c != 0x7f);
  }

  public static int toLower(int c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
  }

  public static String toLowerCase(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        char[] chars = s.toCharArray();
        for (int j = i; j < chars.length; j++) {
          chars[j] = (char) toLower(chars[j]);
        }
        return new String(chars);
      }
    }
    return s;
  }

  /**
   * True when {@code a} and {@code b} are equal ignoring ASCII case only: header names are
   * tokens (RFC 9110 5.1), so Unicode case folding would only add cost and odd matches.
   */
  public static boolean equalsIgnoreCase(String a, String b) {
    int n = a.length();
    if (b.length() != n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y && toLower(x) != toLower(y)) {
        return false;
      }
    }
    return true;
  }

  /** True when {@code buf[start..start+s.length())} equals {@code s} ignoring ASCII case. */
  public static boolean regionEqualsIgnoreCase(byte[] buf, int start, String s) {
    for (int i = 0; i < s.length(); i++) {
      if (toLower(buf[start + i] & 0xff) != toLower(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** True when {@code buf[start..end)} equals {@code s} ignoring ASCII case. */
  public static boolean equalsIgnoreCase(byte[] buf, int start, int end, String s) {
    return end - start == s.length() && regionEqualsIgnoreCase(buf, start, s);
  }

  /** The value of hex digit {@code b} (either case), or -1 when it is not one. */
  public static int hexValue(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }

  /**
   * The value of {@code s} when it is 1 to 18 ASCII digits (no sign, no spaces: so it never
   * overflows a long), else -1. How lengths and byte positions are written (RFC 9110 8.6, 14.1.2).
   */
  public static long decimal(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return -1;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return -1;
      }
    }
    return Long.parseLong(s);
  }

  /** Index of the first {@code b} in {@code buf[from..to)}, or -1. */
  public static int indexOf(byte[] buf, int from, int to, byte b) {
    for (int i = from; i < to; i++) {
      if (buf[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** {@code s} (at most its first 200 characters) with anything but printable ASCII as '?', for messages. */
  public static String printable(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 200; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c > 0x7e ? '?' : c);
    }
    return b.toString();
  }
}
