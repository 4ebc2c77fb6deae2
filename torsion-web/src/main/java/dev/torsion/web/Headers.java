package dev.torsion.web;

import dev.torsion.web.internal.Ascii;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * HTTP header fields, case-insensitive and multi-valued, in the order they were added:
 * Twisted's {@code twisted.web.http_headers.Headers}.
 *
 * <p>Headers read from the wire stay as byte ranges in the received message until a value is
 * asked for, so a server that never looks at a header never decodes it. Values are ISO-8859-1,
 * as on the wire. Names and values are checked when set: a name must be an RFC 9110 token and a
 * value must not hold CR, LF or NUL, so nothing set here can split a message.
 *
 * <pre>{@code
 * Headers h = new Headers();
 * h.add("Set-Cookie", "a=1");
 * h.add("set-cookie", "b=2");
 * h.getAll("SET-COOKIE");        // ["a=1", "b=2"]
 * h.getFirst("Content-Type");    // null
 * }</pre>
 */
public final class Headers {
  // Wire form: names and values as [nameStart, nameEnd, valueStart, valueEnd] per field in raw.
  private byte[] raw;
  private int[] ranges;

  private String[] names;
  private String[] values;
  private int size;

  /** Empty headers. */
  public Headers() {
    this.names = new String[8];
    this.values = new String[8];
  }

  private Headers(byte[] raw, int[] ranges, int count) {
    this.raw = raw;
    this.ranges = ranges;
    this.size = count;
  }

  /**
   * Headers backed by the fields of a received message, as ranges into {@code raw}; for
   * parsers. The arrays become this object's: do not change them afterwards.
   */
  public static Headers wrapReceived(byte[] raw, int[] ranges, int count) {
    return new Headers(raw, ranges, count);
  }

  /** The number of fields (a name with two values counts twice). */
  public int size() {
    return size;
  }

  /** True when some field has this name. */
  public boolean contains(String name) {
    return indexOf(name, 0) >= 0;
  }

  /** The first value of {@code name}, or null when there is none. */
  public String getFirst(String name) {
    int i = indexOf(name, 0);
    return i < 0 ? null : valueAt(i);
  }

  /** Every value of {@code name}, in order; empty when there is none. */
  public List<String> getAll(String name) {
    List<String> out = new ArrayList<>(2);
    for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
      out.add(valueAt(i));
    }
    return out;
  }

  /** The distinct names present, in first-seen order, as first spelled. */
  public Set<String> names() {
    Set<String> seen = new LinkedHashSet<>();
    Set<String> lower = new LinkedHashSet<>();
    for (int i = 0; i < size; i++) {
      String n = nameAt(i);
      if (lower.add(Ascii.toLowerCase(n))) {
        seen.add(n);
      }
    }
    return seen;
  }

  /** Calls {@code action} with each field's name and value, in order. */
  public void forEach(BiConsumer<String, String> action) {
    for (int i = 0; i < size; i++) {
      action.accept(nameAt(i), valueAt(i));
    }
  }

  /** The name of the field at {@code index} (0 to size-1). */
  public String nameAt(int index) {
    if (raw != null) {
      return new String(raw, ranges[index * 4], ranges[index * 4 + 1] - ranges[index * 4],
          StandardCharsets.ISO_8859_1);
    }
    return names[index];
  }

  /** The value of the field at {@code index} (0 to size-1). */
  public String valueAt(int index) {
    if (raw != null) {
      return new String(raw, ranges[index * 4 + 2], ranges[index * 4 + 3] - ranges[index * 4 + 2],
          StandardCharsets.ISO_8859_1);
    }
    return values[index];
  }

  /** Adds a field, keeping any existing ones with the same name. Returns this. */
  public Headers add(String name, String value) {
    checkField(name, value);
    materialize();
    append(name, value);
    return this;
  }

  private void append(String name, String value) {
    if (size == names.length) {
      names = Arrays.copyOf(names, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    names[size] = name;
    values[size] = value;
    size++;
  }

  /** Replaces every field named {@code name} with one holding {@code value}. Returns this. */
  public Headers set(String name, String value) {
    checkField(name, value);
    int first = indexOf(name, 0);
    materialize();
    if (first >= 0) {
      removeFrom(name, first);
    }
    append(name, value);
    return this;
  }

  /** Replaces every field named {@code name} with the given values. Returns this. */
  public Headers setAll(String name, List<String> values) {
    for (String v : values) {
      checkField(name, v);
    }
    remove(name);
    for (String v : values) {
      add(name, v);
    }
    return this;
  }

  /** Removes every field named {@code name}; returns true if there were any. */
  public boolean remove(String name) {
    int first = indexOf(name, 0);
    if (first < 0) {
      return false;
    }
    materialize();
    removeFrom(name, first);
    return true;
  }

  /** Removes every field named {@code name} from {@code first}, the first such; materialized. */
  private void removeFrom(String name, int first) {
    int w = first;
    for (int r = first + 1; r < size; r++) {
      if (!sameName(names[r], name)) {
        names[w] = names[r];
        values[w] = values[r];
        w++;
      }
    }
    Arrays.fill(names, w, size, null);
    Arrays.fill(values, w, size, null);
    size = w;
  }

  /** A mutable copy. */
  public Headers copy() {
    Headers h = new Headers();
    forEach(h::add);
    return h;
  }

  /**
   * Throws IllegalArgumentException unless {@code name} is a token and {@code value} holds no CR,
   * LF or NUL (nor any character outside ISO-8859-1).
   */
  public static void checkField(String name, String value) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("empty header name");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c > 0x7f || !Ascii.isTokenChar((byte) c)) {
        throw new IllegalArgumentException("invalid character in header name: " + quote(name));
      }
    }
    if (value == null) {
      throw new IllegalArgumentException("null value for header " + name);
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0 || c > 0xff) {
        throw new IllegalArgumentException(
            "invalid character in value of header " + name + ": " + quote(value));
      }
    }
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length() && i < 80; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  private int indexOf(String name, int from) {
    int n = name.length();
    for (int i = from; i < size; i++) {
      if (raw != null) {
        int s = ranges[i * 4];
        if (ranges[i * 4 + 1] - s == n && Ascii.regionEqualsIgnoreCase(raw, s, name)) {
          return i;
        }
      } else if (sameName(names[i], name)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean sameName(String stored, String name) {
    // Callers mostly pass the same literal they set with: identity settles most hits.
    return stored == name || Ascii.equalsIgnoreCase(stored, name);
  }

  private void materialize() {
    if (raw == null) {
      return;
    }
    int cap = Math.max(8, size * 2);
    String[] n = new String[cap];
    String[] v = new String[cap];
    for (int i = 0; i < size; i++) {
      n[i] = nameAt(i);
      v[i] = valueAt(i);
    }
    raw = null;
    ranges = null;
    names = n;
    values = v;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Headers{");
    forEach((n, v) -> b.append(n).append(": ").append(v).append("; "));
    return b.append('}').toString();
  }
}
