package dev.torsion.ftp.internal;

import java.io.ByteArrayOutputStream;

/**
 * TYPE A (RFC 959 3.1.1.1): lines end in CRLF on the wire and in LF on disk. Only line ends are
 * changed; the bytes are otherwise passed through (UTF-8 names and content survive).
 */
public final class Ascii {
  private Ascii() {}

  /** Every LF becomes CRLF: a file on disk ends its lines in LF. */
  public static byte[] toCrlf(byte[] in) {
    int lf = 0;
    for (byte b : in) {
      if (b == '\n') {
        lf++;
      }
    }
    if (lf == 0) {
      return in;
    }
    byte[] out = new byte[in.length + lf];
    int j = 0;
    for (byte b : in) {
      if (b == '\n') {
        out[j++] = '\r';
      }
      out[j++] = b;
    }
    return out;
  }

  /** CRLF to LF across chunk boundaries: a CR at the end of one chunk waits for the next. */
  public static final class FromCrlf {
    private boolean pendingCr;

    public byte[] convert(byte[] in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 1);
      for (byte b : in) {
        if (pendingCr) {
          pendingCr = false;
          if (b != '\n') {
            out.write('\r');
          }
        }
        if (b == '\r') {
          pendingCr = true;
        } else {
          out.write(b);
        }
      }
      return out.toByteArray();
    }

    /** What is left at the end of the transfer: a final lone CR. */
    public byte[] finish() {
      if (pendingCr) {
        pendingCr = false;
        return new byte[] {'\r'};
      }
      return new byte[0];
    }
  }
}
