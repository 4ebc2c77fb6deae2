package dev.torsion.protocols.memcache.internal;

import dev.torsion.protocols.memcache.MemCacheError;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Incremental parser of memcached's text protocol replies: lines, and the data block after a
 * {@code VALUE} line.
 *
 * <pre>
 *   LINE ──"VALUE key flags bytes [cas]\r\n"──> DATA(bytes) ──"\r\n"──> LINE
 *     └──any other "...\r\n"──> line(text) ──> LINE
 * </pre>
 *
 * A line over {@code maxLine} bytes, a data block announced over {@code maxValue} (checked before
 * allocating), a malformed VALUE line, or data not followed by CRLF throws {@link
 * MemCacheError}; the parser is dead after that.
 */
public final class ReplyParser {
  /** What the parser hands on. */
  public interface Sink {
    void line(String line);

    void value(String key, int flags, long cas, byte[] data);
  }

  private final Sink sink;
  private final int maxLine;
  private final int maxValue;
  private byte[] line = new byte[128];
  private int lineLen;
  private byte[] data;
  private int dataHave;
  private String key;
  private int flags;
  private long cas;
  private boolean dead;

  public ReplyParser(Sink sink, int maxLine, int maxValue) {
    this.sink = sink;
    this.maxLine = maxLine;
    this.maxValue = maxValue;
  }

  public void feed(byte[] bytes) {
    if (dead) {
      throw new MemCacheError("reply parser already failed");
    }
    try {
      int i = 0;
      while (i < bytes.length) {
        if (data != null) {
          int n = Math.min(bytes.length - i, data.length - dataHave);
          System.arraycopy(bytes, i, data, dataHave, n);
          dataHave += n;
          i += n;
          if (dataHave == data.length) {
            dataComplete();
          }
          continue;
        }
        byte b = bytes[i++];
        if (lineLen >= maxLine + 1) {
          throw new MemCacheError("reply line longer than " + maxLine + " bytes");
        }
        if (lineLen == line.length) {
          line = Arrays.copyOf(line, Math.min(line.length * 2, maxLine + 2));
        }
        line[lineLen++] = b;
        if (b == '\n') {
          if (lineLen < 2 || line[lineLen - 2] != '\r') {
            throw new MemCacheError("reply line not ended by CRLF");
          }
          String text = new String(line, 0, lineLen - 2, StandardCharsets.UTF_8);
          lineLen = 0;
          lineComplete(text);
        }
      }
    } catch (MemCacheError e) {
      dead = true;
      throw e;
    }
  }

  private void lineComplete(String text) {
    if (!text.startsWith("VALUE ")) {
      sink.line(text);
      return;
    }
    // VALUE <key> <flags> <bytes> [<cas unique>]
    String[] parts = text.split(" ", -1);
    if (parts.length != 4 && parts.length != 5) {
      throw new MemCacheError("malformed VALUE line");
    }
    long length;
    try {
      key = parts[1];
      flags = (int) parseUnsigned(parts[2], 0xffffffffL);
      length = parseUnsigned(parts[3], Long.MAX_VALUE);
      cas = parts.length == 5 ? parseUnsigned(parts[4], Long.MAX_VALUE) : 0;
    } catch (NumberFormatException e) {
      throw new MemCacheError("malformed VALUE line");
    }
    if (key.isEmpty()) {
      throw new MemCacheError("VALUE line without a key");
    }
    if (length > maxValue) {
      throw new MemCacheError("value of " + length + " bytes, more than " + maxValue);
    }
    data = new byte[(int) length + 2];
    dataHave = 0;
    if (data.length == 0) {
      dataComplete();
    }
  }

  private static long parseUnsigned(String s, long max) {
    if (s.isEmpty() || s.length() > 19 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new NumberFormatException(s);
    }
    long v = Long.parseLong(s);
    if (v > max) {
      throw new NumberFormatException(s);
    }
    return v;
  }

  private void dataComplete() {
    byte[] block = data;
    data = null;
    if (block[block.length - 2] != '\r' || block[block.length - 1] != '\n') {
      throw new MemCacheError("data block not followed by CRLF");
    }
    sink.value(key, flags, cas, Arrays.copyOf(block, block.length - 2));
  }
}
