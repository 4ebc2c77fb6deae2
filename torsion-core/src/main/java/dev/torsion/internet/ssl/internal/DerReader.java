package dev.torsion.internet.ssl.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads DER TLVs: just enough to look inside PKCS#1, SEC1 and PKCS#8 keys. Lengths are checked
 * against the input, so a truncated or hostile file gives an {@link IllegalArgumentException}
 * instead of an out-of-bounds read.
 */
public final class DerReader {
  /** One TLV: its tag, and its content as a range of the source array. */
  public record Tlv(int tag, byte[] source, int offset, int length) {
    public byte[] content() {
      return Arrays.copyOfRange(source, offset, offset + length);
    }

    /** The TLVs inside this constructed one. */
    public List<Tlv> children() {
      return DerReader.readAll(source, offset, offset + length);
    }
  }

  private DerReader() {}

  /** Parses a single TLV that must fill {@code der} exactly. */
  public static Tlv read(byte[] der) {
    List<Tlv> all = readAll(der, 0, der.length);
    if (all.size() != 1) {
      throw new IllegalArgumentException("expected one DER value, found " + all.size());
    }
    return all.get(0);
  }

  static List<Tlv> readAll(byte[] src, int from, int to) {
    List<Tlv> out = new ArrayList<>();
    int pos = from;
    while (pos < to) {
      if (to - pos < 2) {
        throw new IllegalArgumentException("truncated DER");
      }
      int tag = src[pos++] & 0xff;
      if ((tag & 0x1f) == 0x1f) {
        throw new IllegalArgumentException("multi-byte DER tags are not supported");
      }
      int length = src[pos++] & 0xff;
      if (length >= 0x80) {
        int bytes = length & 0x7f;
        if (bytes == 0 || bytes > 3 || to - pos < bytes) {
          throw new IllegalArgumentException("bad DER length");
        }
        length = 0;
        for (int i = 0; i < bytes; i++) {
          length = (length << 8) | (src[pos++] & 0xff);
        }
      }
      if (length > to - pos) {
        throw new IllegalArgumentException("truncated DER: need " + length + " bytes");
      }
      out.add(new Tlv(tag, src, pos, length));
      pos += length;
    }
    return out;
  }
}
