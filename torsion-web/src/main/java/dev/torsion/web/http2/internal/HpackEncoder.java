package dev.torsion.web.http2.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Encodes header blocks (RFC 7541) without a dynamic table: static-table indexes where a name
 * (or name and value) is there, literals "without indexing" otherwise, each string Huffman-coded
 * when that is shorter. Using no dynamic table keeps the encoder stateless (and immune to the
 * peer's table size), at the cost of a few bytes per repeated field.
 */
public final class HpackEncoder {
  private static final Map<String, Integer> NAME_INDEX = new HashMap<>();
  private static final Map<String, Integer> PAIR_INDEX = new HashMap<>();

  static {
    for (int i = HpackTables.STATIC.length - 1; i >= 0; i--) {
      String[] e = HpackTables.STATIC[i];
      NAME_INDEX.put(e[0], i + 1);
      if (!e[1].isEmpty()) {
        PAIR_INDEX.put(e[0] + '\0' + e[1], i + 1);
      }
    }
  }

  private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

  /** Adds one field (name already lowercase). */
  public HpackEncoder header(String name, String value) {
    Integer pair = PAIR_INDEX.get(name + '\0' + value);
    if (pair != null) {
      writeInt(0x80, 7, pair);
      return this;
    }
    Integer nameIndex = NAME_INDEX.get(name);
    // 6.2.3 never-indexed for credentials, so no intermediary adds them to a table.
    boolean sensitive = name.equals("authorization") || name.equals("set-cookie")
        || name.equals("cookie") || name.equals("proxy-authorization");
    int flags = sensitive ? 0x10 : 0x00;
    if (nameIndex != null) {
      writeInt(flags, 4, nameIndex);
    } else {
      writeInt(flags, 4, 0);
      writeString(name);
    }
    writeString(value);
    return this;
  }

  /** The encoded block so far, and starts a new one. */
  public byte[] take() {
    byte[] b = out.toByteArray();
    out.reset();
    return b;
  }

  private void writeString(String s) {
    byte[] raw = s.getBytes(StandardCharsets.ISO_8859_1);
    int huff = Huffman.encodedLength(raw);
    if (huff < raw.length) {
      writeInt(0x80, 7, huff);
      Huffman.encode(raw, out);
    } else {
      writeInt(0, 7, raw.length);
      out.write(raw, 0, raw.length);
    }
  }

  /** RFC 7541 5.1. */
  private void writeInt(int flags, int prefix, int value) {
    int max = (1 << prefix) - 1;
    if (value < max) {
      out.write(flags | value);
      return;
    }
    out.write(flags | max);
    value -= max;
    while (value >= 0x80) {
      out.write((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.write(value);
  }
}
