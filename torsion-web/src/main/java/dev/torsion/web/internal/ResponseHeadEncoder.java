package dev.torsion.web.internal;

import dev.torsion.web.Headers;
import dev.torsion.web.Http;
import java.nio.charset.StandardCharsets;

/**
 * Builds a response head (status line, fields, blank line) into one exactly-sized array, so the
 * head goes out with the body in one gathering write. Common status lines are prebuilt.
 */
public final class ResponseHeadEncoder {
  private static final byte[][] STATUS_LINES = new byte[600][];

  static {
    for (int code = 100; code < 600; code++) {
      STATUS_LINES[code] = statusLine(code, Http.phrase(code));
    }
  }

  private ResponseHeadEncoder() {}

  private static byte[] statusLine(int code, String phrase) {
    return ("HTTP/1.1 " + code + " " + phrase + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * The head: status line, {@code headers}, then each of {@code extraLines} (already
   * CRLF-terminated lines such as the Date line; null entries skipped), then CRLF.
   */
  public static byte[] encode(int code, String phrase, Headers headers, byte[]... extraLines) {
    byte[] status = phrase == null && code >= 100 && code < 600
        ? STATUS_LINES[code]
        : statusLine(code, phrase == null ? Http.phrase(code) : phrase);
    int n = headers.size();
    int size = status.length + 2;
    for (int i = 0; i < n; i++) {
      size += headers.nameAt(i).length() + headers.valueAt(i).length() + 4;
    }
    for (byte[] line : extraLines) {
      if (line != null) {
        size += line.length;
      }
    }
    byte[] out = new byte[size];
    System.arraycopy(status, 0, out, 0, status.length);
    int pos = status.length;
    for (int i = 0; i < n; i++) {
      pos = put(out, pos, headers.nameAt(i));
      out[pos++] = ':';
      out[pos++] = ' ';
      pos = put(out, pos, headers.valueAt(i));
      out[pos++] = '\r';
      out[pos++] = '\n';
    }
    for (byte[] line : extraLines) {
      if (line != null) {
        System.arraycopy(line, 0, out, pos, line.length);
        pos += line.length;
      }
    }
    out[pos++] = '\r';
    out[pos] = '\n';
    return out;
  }

  private static int put(byte[] out, int pos, String s) {
    // Headers has already refused CR, LF, NUL and characters past ISO-8859-1.
    for (int i = 0; i < s.length(); i++) {
      out[pos++] = (byte) s.charAt(i);
    }
    return pos;
  }
}
