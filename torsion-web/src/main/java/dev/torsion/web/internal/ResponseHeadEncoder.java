package dev.torsion.web.internal;

import dev.torsion.web.Headers;
import dev.torsion.web.Http;
import java.nio.charset.StandardCharsets;

/**
 * Builds a response head (status line, fields, blank line) into one exactly-sized array, with a
 * small body after it when there is one, so the response goes out in one write. Common status
 * lines are prebuilt.
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
   * The head: status line, {@code headers}, then each of the extra lines (already CRLF-terminated
   * lines such as the Date line; null ones skipped), then CRLF, then {@code body} if not null, in
   * one array: a small response goes out in one write.
   */
  public static byte[] encode(int code, String phrase, Headers headers, byte[] line1,
      byte[] line2, byte[] line3, byte[] body) {
    byte[] status = phrase == null && code >= 100 && code < 600
        ? STATUS_LINES[code]
        : statusLine(code, phrase == null ? Http.phrase(code) : phrase);
    int n = headers.size();
    int size = status.length + 2 + length(line1) + length(line2) + length(line3) + length(body);
    for (int i = 0; i < n; i++) {
      size += headers.nameAt(i).length() + headers.valueAt(i).length() + 4;
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
    pos = put(out, pos, line1);
    pos = put(out, pos, line2);
    pos = put(out, pos, line3);
    out[pos++] = '\r';
    out[pos++] = '\n';
    put(out, pos, body);
    return out;
  }

  private static int length(byte[] b) {
    return b == null ? 0 : b.length;
  }

  private static int put(byte[] out, int pos, byte[] b) {
    if (b == null) {
      return pos;
    }
    System.arraycopy(b, 0, out, pos, b.length);
    return pos + b.length;
  }

  private static int put(byte[] out, int pos, String s) {
    // Headers has already refused CR, LF, NUL and characters past ISO-8859-1.
    for (int i = 0; i < s.length(); i++) {
      out[pos++] = (byte) s.charAt(i);
    }
    return pos;
  }
}
