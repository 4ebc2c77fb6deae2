package dev.torsion.web.http2.internal;

import java.nio.charset.StandardCharsets;

/**
 * Decodes HPACK header blocks (RFC 7541) for one connection; the dynamic table lives across
 * blocks, so every block of the connection must pass through here in order, even one whose
 * headers are then refused.
 *
 * <pre>
 *   0   1   2   3   4   5   6   7
 * +---+---+---+---+---+---+---+---+
 * | 1 |        Index (7+)         |  6.1   indexed field
 * | 0 | 1 |      Index (6+)       |  6.2.1 literal, added to the table (index 0: new name)
 * | 0 | 0 | 1 |   Max size (5+)   |  6.3   dynamic table size update (only at block start)
 * | 0 | 0 | 0 | 1 |  Index (4+)   |  6.2.3 literal, never indexed
 * | 0 | 0 | 0 | 0 |  Index (4+)   |  6.2.2 literal, not indexed
 * +---+---------------------------+
 * | H |     String Length (7+)    |  5.2   string: H = Huffman-coded
 * +---+---------------------------+
 * |  String Data (Length octets)  |
 * +-------------------------------+
 * </pre>
 */
public final class HpackDecoder {
  /** Receives each decoded field, in order. */
  public interface Sink {
    void header(String name, String value);
  }

  private final DynamicTable table;
  private final int settingsMaxTableSize;
  private final int maxStringLength;
  private int pos;
  private int end;
  private byte[] buf;

  /**
   * {@code maxTableSize} is the SETTINGS_HEADER_TABLE_SIZE this side announced; {@code
   * maxStringLength} bounds every decoded name and value.
   */
  public HpackDecoder(int maxTableSize, int maxStringLength) {
    this.table = new DynamicTable(maxTableSize);
    this.settingsMaxTableSize = maxTableSize;
    this.maxStringLength = maxStringLength;
  }

  /** Decodes one whole header block. */
  public void decode(byte[] block, int offset, int length, Sink sink) throws HpackException {
    buf = block;
    pos = offset;
    end = offset + length;
    boolean fieldSeen = false;
    try {
      while (pos < end) {
        int b = buf[pos] & 0xff;
        if ((b & 0x80) != 0) {
          int index = readInt(7);
          sink.header(nameAt(index), valueAt(index));
          fieldSeen = true;
        } else if ((b & 0x40) != 0) {
          String[] f = literal(6);
          table.add(f[0], f[1]);
          sink.header(f[0], f[1]);
          fieldSeen = true;
        } else if ((b & 0x20) != 0) {
          // RFC 7541 4.2: size updates come first in a block, within the announced maximum.
          if (fieldSeen) {
            throw new HpackException("dynamic table size update after a header field");
          }
          int max = readInt(5);
          if (max > settingsMaxTableSize) {
            throw new HpackException("dynamic table size " + max + " over the announced "
                + settingsMaxTableSize);
          }
          table.setMaxSize(max);
        } else {
          String[] f = literal(4);
          sink.header(f[0], f[1]);
          fieldSeen = true;
        }
      }
    } finally {
      buf = null;
    }
  }

  private String[] literal(int prefix) throws HpackException {
    int index = readInt(prefix);
    String name = index == 0 ? readString() : nameAt(index);
    return new String[] {name, readString()};
  }

  private String nameAt(int index) throws HpackException {
    return entry(index, 0);
  }

  private String valueAt(int index) throws HpackException {
    return entry(index, 1);
  }

  // RFC 7541 2.3.3: 1..61 static, then the dynamic table newest first; 0 and beyond are errors.
  private String entry(int index, int part) throws HpackException {
    if (index <= 0) {
      throw new HpackException("header index 0");
    }
    if (index <= HpackTables.STATIC.length) {
      return HpackTables.STATIC[index - 1][part];
    }
    int d = index - HpackTables.STATIC.length - 1;
    if (d >= table.length()) {
      throw new HpackException("header index " + index + " beyond the tables");
    }
    return part == 0 ? table.name(d) : table.value(d);
  }

  /** RFC 7541 5.1: an N-bit prefix integer; values past 2^31 - 1, or over 5 octets, are refused. */
  private int readInt(int prefix) throws HpackException {
    int mask = (1 << prefix) - 1;
    int value = buf[pos++] & mask;
    if (value < mask) {
      return value;
    }
    long v = value;
    int shift = 0;
    while (true) {
      if (pos >= end) {
        throw new HpackException("truncated integer");
      }
      int b = buf[pos++] & 0xff;
      v += (long) (b & 0x7f) << shift;
      if (v > Integer.MAX_VALUE) {
        throw new HpackException("integer overflow");
      }
      if ((b & 0x80) == 0) {
        return (int) v;
      }
      shift += 7;
      if (shift > 28) {
        // 5.1 lets a decoder bound an integer's octets: past 2^31 no more are needed, and a
        // long shift wraps (Java shifts mod 64), which made zero-padded encodings negative.
        throw new HpackException("integer longer than 5 octets");
      }
    }
  }

  private String readString() throws HpackException {
    if (pos >= end) {
      throw new HpackException("truncated string");
    }
    boolean huffman = (buf[pos] & 0x80) != 0;
    int len = readInt(7);
    if (len > end - pos) {
      throw new HpackException("string longer than the block");
    }
    if (huffman) {
      byte[] decoded = Huffman.decode(buf, pos, len, maxStringLength);
      pos += len;
      return new String(decoded, StandardCharsets.ISO_8859_1);
    }
    if (len > maxStringLength) {
      throw new HpackException("string longer than " + maxStringLength + " bytes");
    }
    String s = new String(buf, pos, len, StandardCharsets.ISO_8859_1);
    pos += len;
    return s;
  }
}
