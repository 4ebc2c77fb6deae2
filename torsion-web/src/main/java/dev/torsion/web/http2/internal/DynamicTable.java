package dev.torsion.web.http2.internal;

/**
 * The HPACK dynamic table (RFC 7541 2.3.2, 4): newest entry first, sized by the octets of name
 * and value plus 32 per entry, evicting the oldest to make room. A ring buffer: an entry costs
 * at least 32, so {@code maxSize / 32} slots always suffice.
 */
final class DynamicTable {
  private String[] names;
  private String[] values;
  private int head; // slot of the newest entry
  private int count;
  private long size;
  private long maxSize;

  DynamicTable(int maxSize) {
    this.maxSize = maxSize;
    int slots = Math.max(1, maxSize / 32 + 1);
    names = new String[slots];
    values = new String[slots];
  }

  static long entrySize(String name, String value) {
    return name.length() + value.length() + 32L; // ISO-8859-1 strings: one char per octet
  }

  int length() {
    return count;
  }

  long size() {
    return size;
  }

  /** Entry {@code i}, 0 the newest. */
  String name(int i) {
    return names[slot(i)];
  }

  String value(int i) {
    return values[slot(i)];
  }

  private int slot(int i) {
    return (head + i) % names.length;
  }

  /** RFC 7541 4.3: a new maximum evicts until the table fits. */
  void setMaxSize(long newMax) {
    maxSize = newMax;
    evictTo(newMax);
    int slots = (int) Math.max(1, newMax / 32 + 1);
    if (slots > names.length) {
      String[] n = new String[slots];
      String[] v = new String[slots];
      for (int i = 0; i < count; i++) {
        n[i] = name(i);
        v[i] = value(i);
      }
      names = n;
      values = v;
      head = 0;
    }
  }

  /** RFC 7541 4.4: an entry larger than the table empties it and is not added. */
  void add(String name, String value) {
    long s = entrySize(name, value);
    if (s > maxSize) {
      evictTo(0);
      return;
    }
    evictTo(maxSize - s);
    head = (head - 1 + names.length) % names.length;
    names[head] = name;
    values[head] = value;
    count++;
    size += s;
  }

  private void evictTo(long limit) {
    while (size > limit && count > 0) {
      int last = slot(count - 1);
      size -= entrySize(names[last], values[last]);
      names[last] = null;
      values[last] = null;
      count--;
    }
  }
}
