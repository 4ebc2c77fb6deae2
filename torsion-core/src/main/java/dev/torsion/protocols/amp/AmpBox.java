package dev.torsion.protocols.amp;

import dev.torsion.protocols.amp.internal.BoxParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One AMP box: an ordered map of byte-string keys to byte-string values, the unit AMP sends
 * (Twisted's {@code amp.AmpBox}). Keys are kept as ISO-8859-1 strings so that any byte key
 * survives; values are raw bytes.
 *
 * <pre>{@code
 * AmpBox box = new AmpBox();
 * box.put("_command", "Sum");
 * box.put("a", "13");
 * byte[] wire = box.serialize();   // 00 08 _command 00 03 Sum 00 01 a 00 02 13 00 00
 * List<AmpBox> back = AmpBox.parse(wire);
 * }</pre>
 *
 * <pre>
 * box   = pair* 00 00
 * pair  = KEYLEN(2, big-endian, 1..255) KEY  VALUELEN(2, big-endian, 0..65535) VALUE
 * </pre>
 */
public final class AmpBox {
  /** Twisted's {@code MAX_KEY_LENGTH}. */
  public static final int MAX_KEY_LENGTH = 0xff;
  /** Twisted's {@code MAX_VALUE_LENGTH}. */
  public static final int MAX_VALUE_LENGTH = 0xffff;

  private final Map<String, byte[]> entries = new LinkedHashMap<>();

  /** Sets {@code key} to the raw {@code value}. */
  public AmpBox put(String key, byte[] value) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("an AMP key may not be empty (it ends the box)");
    }
    for (int i = 0; i < key.length(); i++) {
      if (key.charAt(i) > 0xff) {
        throw new IllegalArgumentException("AMP key '" + key + "' is not ISO-8859-1 bytes");
      }
    }
    entries.put(key, value.clone());
    return this;
  }

  /** Sets {@code key} to {@code value} encoded as UTF-8. */
  public AmpBox put(String key, String value) {
    return put(key, value.getBytes(StandardCharsets.UTF_8));
  }

  /** The raw value of {@code key}, or null. */
  public byte[] get(String key) {
    byte[] v = entries.get(key);
    return v == null ? null : v.clone();
  }

  /** The value of {@code key} decoded as UTF-8, or null. */
  public String getString(String key) {
    byte[] v = entries.get(key);
    return v == null ? null : new String(v, StandardCharsets.UTF_8);
  }

  public boolean containsKey(String key) {
    return entries.containsKey(key);
  }

  public AmpBox remove(String key) {
    entries.remove(key);
    return this;
  }

  /** The keys in insertion order. */
  public Set<String> keys() {
    return Collections.unmodifiableSet(entries.keySet());
  }

  public int size() {
    return entries.size();
  }

  /**
   * The box on the wire, ending with the empty key.
   *
   * @throws TooLong if a key is over {@value #MAX_KEY_LENGTH} or a value over {@value
   *     #MAX_VALUE_LENGTH} bytes
   */
  public byte[] serialize() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      byte[] key = e.getKey().getBytes(StandardCharsets.ISO_8859_1);
      byte[] value = e.getValue();
      if (key.length > MAX_KEY_LENGTH) {
        throw new TooLong("key '" + e.getKey().substring(0, 32) + "...' is " + key.length
            + " bytes, more than " + MAX_KEY_LENGTH);
      }
      if (value.length > MAX_VALUE_LENGTH) {
        throw new TooLong("value of key '" + e.getKey() + "' is " + value.length
            + " bytes, more than " + MAX_VALUE_LENGTH);
      }
      writeLength(out, key.length);
      out.writeBytes(key);
      writeLength(out, value.length);
      out.writeBytes(value);
    }
    writeLength(out, 0);
    return out.toByteArray();
  }

  private static void writeLength(ByteArrayOutputStream out, int n) {
    out.write(n >>> 8);
    out.write(n & 0xff);
  }

  /**
   * The boxes in {@code data}, which must hold whole boxes only (an {@code AmpList} value).
   *
   * @throws MalformedAmpBox if {@code data} is not a sequence of whole boxes
   */
  public static List<AmpBox> parse(byte[] data) {
    List<AmpBox> boxes = new ArrayList<>();
    BoxParser parser = new BoxParser(boxes::add, Math.max(data.length, 1), Integer.MAX_VALUE);
    parser.feed(data);
    if (!parser.isIdle()) {
      throw new MalformedAmpBox("truncated AMP box (" + data.length + " bytes)");
    }
    return boxes;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof AmpBox other) || other.entries.size() != entries.size()) {
      return false;
    }
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      if (!java.util.Arrays.equals(e.getValue(), other.entries.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      h += e.getKey().hashCode() ^ java.util.Arrays.hashCode(e.getValue());
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("AmpBox{");
    String sep = "";
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      sb.append(sep).append(e.getKey()).append('=');
      byte[] v = e.getValue();
      sb.append(v.length > 64 ? "<" + v.length + " bytes>" : new String(v, StandardCharsets.UTF_8));
      sep = ", ";
    }
    return sb.append('}').toString();
  }
}
