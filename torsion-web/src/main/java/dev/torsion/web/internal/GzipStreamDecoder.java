package dev.torsion.web.internal;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;

/**
 * Decodes a gzip stream (RFC 1952) piece by piece, with a cap on the decoded size, and checks the
 * trailer's CRC and length.
 *
 * <pre>
 *   ID1 ID2 CM FLG MTIME(4) XFL OS [XLEN extra] [name\0] [comment\0] [CRC16] deflate... CRC32 ISIZE
 * </pre>
 */
public final class GzipStreamDecoder implements StreamDecoder {
  /** A malformed stream, or one that decodes past the cap. */
  public static final class DecodeError extends Exception {
    public DecodeError(String message) {
      super(message);
    }
  }

  private static final int MAX_HEADER = 64 * 1024;

  private final CappedInflater inflater;
  private final CRC32 crc = new CRC32();
  private final ByteArrayOutputStream header = new ByteArrayOutputStream();
  private final ByteArrayOutputStream trailer = new ByteArrayOutputStream();
  private boolean inHeader = true;
  private boolean finished;
  private boolean trailerChecked;

  public GzipStreamDecoder(long maxDecodedBytes) {
    this.inflater = new CappedInflater(true, maxDecodedBytes, "gzip");
  }

  @Override
  public boolean isFinished() {
    return finished;
  }

  @Override
  public byte[] decode(byte[] data) throws DecodeError {
    byte[] input = data;
    if (inHeader) {
      header.write(data, 0, data.length);
      byte[] h = header.toByteArray();
      int end = headerEnd(h);
      if (end < 0) {
        if (h.length > MAX_HEADER) {
          throw new DecodeError("gzip header too long");
        }
        return new byte[0];
      }
      inHeader = false;
      header.reset();
      input = java.util.Arrays.copyOfRange(h, end, h.length);
    }
    if (finished) {
      trailerBytes(input, 0, input.length);
      return new byte[0];
    }
    byte[] out = inflater.inflate(input);
    crc.update(out);
    if (inflater.finished()) {
      finished = true;
      int rest = inflater.remaining();
      trailerBytes(input, input.length - rest, rest);
    }
    return out;
  }

  private void trailerBytes(byte[] b, int off, int len) throws DecodeError {
    if (trailerChecked) {
      // Bytes after the trailer (another member, or junk) are ignored, as browsers do; they
      // are not kept either, however many follow.
      return;
    }
    trailer.write(b, off, Math.min(len, 8 - trailer.size()));
    if (trailer.size() == 8) {
      byte[] t = trailer.toByteArray();
      long crcValue = le32(t, 0);
      long size = le32(t, 4);
      if (crcValue != crc.getValue() || size != (inflater.total() & 0xffffffffL)) {
        throw new DecodeError("gzip trailer does not match the data");
      }
      trailerChecked = true;
    }
  }

  private static long le32(byte[] b, int i) {
    return (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24;
  }

  /** Where the header ends in {@code h}, or -1 if it is not all there yet. */
  private static int headerEnd(byte[] h) throws DecodeError {
    if (h.length < 10) {
      return -1;
    }
    if ((h[0] & 0xff) != 0x1f || (h[1] & 0xff) != 0x8b || h[2] != 8) {
      throw new DecodeError("not a gzip stream");
    }
    int flags = h[3] & 0xff;
    int pos = 10;
    if ((flags & 4) != 0) { // FEXTRA
      if (h.length < pos + 2) {
        return -1;
      }
      pos += 2 + ((h[pos] & 0xff) | (h[pos + 1] & 0xff) << 8);
    }
    for (int flag : new int[] {8, 16}) { // FNAME, FCOMMENT: zero-terminated
      if ((flags & flag) != 0) {
        while (pos < h.length && h[pos] != 0) {
          pos++;
        }
        if (pos >= h.length) {
          return -1;
        }
        pos++;
      }
    }
    if ((flags & 2) != 0) { // FHCRC
      pos += 2;
    }
    return pos <= h.length ? pos : -1;
  }
}
