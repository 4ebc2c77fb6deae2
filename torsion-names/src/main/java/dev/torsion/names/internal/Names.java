package dev.torsion.names.internal;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Domain names as text: dotted, no final dot, {@code ""} for the root, with the zone-file escapes
 * {@code \.}, {@code \\} and {@code \DDD} (RFC 1035 5.1) for bytes that are not plain.
 */
public final class Names {
  /** RFC 1035 2.3.4. */
  public static final int MAX_LABEL = 63;
  public static final int MAX_NAME = 255;

  private Names() {}

  /** The wire labels of a text name; IllegalArgumentException if too long or badly escaped. */
  public static List<byte[]> labels(String name) {
    List<byte[]> labels = new ArrayList<>();
    if (name.isEmpty() || name.equals(".")) {
      return labels;
    }
    ByteArrayOutputStream label = new ByteArrayOutputStream();
    int wire = 1;
    int n = name.length();
    if (name.endsWith(".") && !name.endsWith("\\.")) {
      n--;
    }
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      if (c == '.') {
        wire += addLabel(labels, label, name);
      } else if (c == '\\') {
        if (i + 1 >= n) {
          throw new IllegalArgumentException("name ends in a backslash: " + name);
        }
        char d = name.charAt(i + 1);
        if (Character.isDigit(d)) {
          String digits = name.substring(i + 1, Math.min(i + 4, n));
          if (digits.length() != 3 || !digits.chars().allMatch(Character::isDigit)
              || Integer.parseInt(digits) > 255) {
            throw new IllegalArgumentException("bad \\DDD escape in name: " + name);
          }
          label.write(Integer.parseInt(digits));
          i += 3;
        } else {
          label.write(d);
          i++;
        }
      } else if (c > 0xFF) {
        throw new IllegalArgumentException("name is not ASCII: " + name);
      } else {
        label.write(c);
      }
      if (label.size() > MAX_LABEL) {
        throw new IllegalArgumentException("label longer than 63 octets in " + name);
      }
    }
    wire += addLabel(labels, label, name);
    if (wire > MAX_NAME) {
      throw new IllegalArgumentException("name longer than 255 octets: " + name);
    }
    return labels;
  }

  private static int addLabel(List<byte[]> labels, ByteArrayOutputStream label, String name) {
    if (label.size() == 0) {
      throw new IllegalArgumentException("empty label in name: " + name);
    }
    labels.add(label.toByteArray());
    int size = label.size() + 1;
    label.reset();
    return size;
  }

  /** Appends one wire label to {@code out} as text, escaping dots, backslashes and odd bytes. */
  public static void appendLabel(StringBuilder out, byte[] data, int off, int len) {
    for (int i = off; i < off + len; i++) {
      int b = data[i] & 0xFF;
      if (b == '.' || b == '\\') {
        out.append('\\').append((char) b);
      } else if (b <= 0x20 || b >= 0x7F) {
        out.append('\\').append(String.format("%03d", b));
      } else {
        out.append((char) b);
      }
    }
  }

  /** The name in lower case, the key under which zones and caches keep it (RFC 4343). */
  public static String key(String name) {
    String n = name.endsWith(".") && !name.endsWith("\\.") ? name.substring(0, name.length() - 1)
        : name;
    return n.toLowerCase(Locale.ROOT);
  }

  /** True when {@code name} is {@code zone} or below it; both already {@link #key keys}. */
  public static boolean isWithin(String name, String zone) {
    return zone.isEmpty() || name.equals(zone) || name.endsWith("." + zone);
  }

  /** The parent of a key, or null for the root. */
  public static String parent(String name) {
    if (name.isEmpty()) {
      return null;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '.') {
        return name.substring(i + 1);
      }
    }
    return "";
  }
}
