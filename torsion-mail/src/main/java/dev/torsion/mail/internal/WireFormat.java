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
    DiskAccess.touch("size");
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
    Encoder e = new Encoder(stuff, bodyLines);
    byte[] body = e.encode(raw, raw.length);
    byte[] tail = e.finish();
    byte[] out = java.util.Arrays.copyOf(body, body.length + tail.length);
    System.arraycopy(tail, 0, out, body.length, tail.length);
    return out;
  }

  /**
   * {@link #toWire} a piece at a time, for messages streamed from disk: feed the file's bytes in
   * any split with {@link #encode}, then take {@link #finish}. The output is the same as
   * toWire's of the whole.
   */
  public static final class Encoder {
    private final boolean stuff;
    private final int bodyLines;
    private boolean lineStart = true;
    private boolean inBody;
    private boolean done;
    private boolean prevCr;
    private boolean firstCr;
    private int lineLength;
    private int body;
    private int last1 = -1;
    private int last2 = -1;

    /** Dot-stuffed when {@code stuff}; at most {@code bodyLines} body lines if not negative. */
    public Encoder(boolean stuff, int bodyLines) {
      this.stuff = stuff;
      this.bodyLines = bodyLines;
    }

    /** Whether TOP's lines are all out: the rest of the input is ignored. */
    public boolean isDone() {
      return done;
    }

    /** The wire bytes for the next {@code n} octets of the stored message. */
    public byte[] encode(byte[] raw, int n) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(n + n / 50 + 8);
      for (int i = 0; i < n && !done; i++) {
        byte b = raw[i];
        if (lineStart) {
          if (bodyLines >= 0 && inBody && body >= bodyLines) {
            done = true;
            break;
          }
          if (stuff && b == '.') {
            put(out, '.');
          }
          lineStart = false;
          lineLength = 0;
          firstCr = b == '\r';
        }
        if (b == '\n') {
          boolean empty = lineLength == 0 || (lineLength == 1 && firstCr);
          if (!prevCr) {
            put(out, '\r');
          }
          put(out, '\n');
          prevCr = false;
          lineStart = true;
          if (inBody) {
            body++;
          } else if (empty) {
            inBody = true;
          }
          continue;
        }
        put(out, b);
        lineLength++;
        prevCr = b == '\r';
      }
      return out.toByteArray();
    }

    /** What ends the message: a CRLF if the last line had none, else nothing. */
    public byte[] finish() {
      done = true;
      if (last1 >= 0 && !(last2 == '\r' && last1 == '\n')) {
        last2 = '\r';
        last1 = '\n';
        return new byte[] {'\r', '\n'};
      }
      return new byte[0];
    }

    private void put(ByteArrayOutputStream out, int b) {
      out.write(b);
      last2 = last1;
      last1 = b & 0xff;
    }
  }
}
