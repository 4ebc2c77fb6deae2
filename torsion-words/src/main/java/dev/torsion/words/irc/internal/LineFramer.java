package dev.torsion.words.irc.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Splits an IRC byte stream into lines, bounded: the incremental half of the codec, shared by
 * the server and the client. Bytes may arrive in any split; the lines come out the same.
 *
 * <pre>
 *   [ "@" tags (at most maxTags bytes) SPACE ] rest (at most maxLine bytes) [ CR ] LF
 *   RFC 1459 2.3: 512 bytes with the CR LF, so rest is 510; IRCv3 message-tags: tags 8191 with
 *   the "@" and the space.
 * </pre>
 *
 * <p>A lone LF ends a line too (as every server accepts). Empty lines are skipped (RFC 2812
 * 2.3.1). A line over its limit is reported once through {@link Sink#tooLong} and its bytes are
 * thrown away up to the next LF, so a peer that never sends one costs at most the limit.
 * Lines are decoded as UTF-8, or ISO-8859-1 when they are not valid UTF-8 (older clients).
 */
public final class LineFramer {
  /** Where lines go. */
  public interface Sink {
    void line(String line);

    void tooLong();
  }

  private final int maxLine;
  private final int maxTags;
  /** The incomplete line; grows as needed, never past the limit plus one. */
  private byte[] buf = new byte[0];
  private int size;
  private boolean discarding;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);

  public LineFramer(int maxLine, int maxTags) {
    this.maxLine = maxLine;
    this.maxTags = maxTags;
  }

  /** 510 bytes of message and 8191 of tags: RFC 1459 and IRCv3's numbers. */
  public LineFramer() {
    this(510, 8191);
  }

  /** Bytes buffered for an incomplete line; never more than the limit plus one. */
  public int buffered() {
    return size;
  }

  /**
   * Feeds {@code data}; calls the sink for each complete line. {@code stop} is asked before each
   * line so that a closing connection sees no more.
   */
  public void feed(byte[] data, Sink sink, java.util.function.BooleanSupplier stop) {
    int start = 0;
    for (int i = 0; i < data.length; i++) {
      if (data[i] != '\n') {
        continue;
      }
      if (stop.getAsBoolean()) {
        return;
      }
      append(data, start, i - start, sink);
      start = i + 1;
      boolean wasDiscarding = discarding;
      discarding = false;
      byte[] line = buf;
      int len = size;
      size = 0;
      if (wasDiscarding) {
        continue;
      }
      if (len > 0 && line[len - 1] == '\r') {
        len--;
      }
      if (len == 0) {
        continue;
      }
      if (!withinLimits(line, len)) {
        sink.tooLong();
        continue;
      }
      sink.line(decode(line, len));
    }
    append(data, start, data.length - start, sink);
  }

  private void append(byte[] data, int off, int len, Sink sink) {
    if (discarding || len == 0) {
      return;
    }
    int first = size > 0 ? buf[0] : data[off];
    // One more than the limit: room for the CR of a line that is exactly at it.
    int limit = (first == '@' ? maxTags + 1 + maxLine : maxLine) + 1;
    if (size + len > limit) {
      size = 0;
      discarding = true;
      sink.tooLong();
      return;
    }
    if (size + len > buf.length) {
      // Checked against the limit above, before growing.
      buf = java.util.Arrays.copyOf(buf, Math.min(limit, Math.max(size + len, buf.length * 2 + 64)));
    }
    System.arraycopy(data, off, buf, size, len);
    size += len;
  }

  private boolean withinLimits(byte[] line, int len) {
    if (line[0] != '@') {
      return len <= maxLine;
    }
    int space = -1;
    for (int i = 0; i < len; i++) {
      if (line[i] == ' ') {
        space = i;
        break;
      }
    }
    if (space < 0) {
      return len <= maxTags;
    }
    return space + 1 <= maxTags && len - space - 1 <= maxLine;
  }

  private String decode(byte[] line, int len) {
    try {
      CharBuffer c = utf8.reset().decode(ByteBuffer.wrap(line, 0, len));
      return c.toString();
    } catch (CharacterCodingException e) {
      return new String(line, 0, len, StandardCharsets.ISO_8859_1);
    }
  }
}
