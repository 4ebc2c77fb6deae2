package dev.torsion.mail.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stored message as it goes on the wire: every line ends in CRLF (a Maildir written by another
 * program may hold bare LFs), and, for POP3's multi-line replies, lines starting with "." get one
 * more (RFC 1939 3).
 */
public final class WireFormat {
  private WireFormat() {}

  /** The size of {@code file} with every bare LF counted as CRLF: what RETR sends, unstuffed. */
  public static long crlfSize(Path file) throws IOException {
    long size = 0;
    int prev = -1;
    byte[] buf = new byte[16384];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n' && prev != '\r') {
            size++;
          }
          prev = buf[i];
          size++;
        }
      }
    }
    return size;
  }

  /**
   * The bytes as CRLF lines, ending in CRLF; dot-stuffed when {@code stuff}; at most {@code
   * bodyLines} lines after the header's blank line when not negative (POP3 TOP).
   */
  public static byte[] toWire(byte[] raw, boolean stuff, int bodyLines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + raw.length / 50 + 8);
    boolean lineStart = true;
    boolean inBody = false;
    int body = 0;
    int lineBegin = 0;
    for (int i = 0; i < raw.length; i++) {
      byte b = raw[i];
      if (lineStart) {
        if (bodyLines >= 0 && inBody && body >= bodyLines) {
          return finish(out);
        }
        if (stuff && b == '.') {
          out.write('.');
        }
        lineStart = false;
        lineBegin = i;
      }
      if (b == '\n') {
        boolean empty = i == lineBegin || (i == lineBegin + 1 && raw[lineBegin] == '\r');
        if (i == 0 || raw[i - 1] != '\r') {
          out.write('\r');
        }
        out.write('\n');
        lineStart = true;
        if (inBody) {
          body++;
        } else if (empty) {
          inBody = true;
        }
        continue;
      }
      out.write(b);
    }
    return finish(out);
  }

  private static byte[] finish(ByteArrayOutputStream out) {
    byte[] bytes = out.toByteArray();
    int n = bytes.length;
    if (n > 0 && !(n >= 2 && bytes[n - 2] == '\r' && bytes[n - 1] == '\n')) {
      out.write('\r');
      out.write('\n');
      return out.toByteArray();
    }
    return bytes;
  }
}
