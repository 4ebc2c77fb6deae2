package dev.torsion.web.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.web.internal.Http1Parser;
import dev.torsion.web.internal.HttpParseException;
import dev.torsion.web.internal.MessageHead;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Feeds bytes to an {@link Http1Parser} the way a connection does (reset after each complete
 * message, pipelined ones included) and records what it found, so harnesses can compare runs.
 * Checks on the way that every call makes progress (the parser never loops) and that what it
 * hands on stays within its limits.
 */
final class Http1Run {
  /** One parsed message: its head as text, and its body. */
  record Message(String head, byte[] body) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Message m && m.head.equals(head) && Arrays.equals(m.body, body);
    }

    @Override
    public int hashCode() {
      return head.hashCode();
    }

    @Override
    public String toString() {
      return head + "+" + new String(body, StandardCharsets.ISO_8859_1);
    }
  }

  /** What came of feeding some bytes: the messages, and the status of the refusal, or 0. */
  record Outcome(List<Message> messages, List<MessageHead> heads, int error, boolean partial) {}

  /** Small limits, so that fuzzing reaches them. */
  static final Http1Parser.Limits LIMITS = new Http1Parser.Limits(256, 1024, 16, 4096);

  private Http1Run() {}

  /**
   * Feeds {@code data} in the pieces that {@code splits} (sorted offsets) cut it into; for
   * responses, {@code close} then ends the connection (a body until close completes).
   */
  static Outcome feed(byte[] data, int[] splits, boolean responses, boolean close) {
    List<Message> messages = new ArrayList<>();
    List<MessageHead> heads = new ArrayList<>();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    MessageHead[] head = new MessageHead[1];
    Http1Parser.Listener listener = new Http1Parser.Listener() {
      @Override
      public void headReceived(MessageHead h) {
        assertThat(head[0]).as("a head before the last message completed").isNull();
        assertThat(h.headers().size()).isLessThanOrEqualTo(LIMITS.maxHeaderCount());
        if (!responses) {
          assertThat(h.method().length() + h.target().length() + 10)
              .isLessThanOrEqualTo(LIMITS.maxRequestLine());
        }
        head[0] = h;
      }

      @Override
      public void bodyReceived(byte[] b, int off, int len) {
        assertThat(head[0]).isNotNull();
        assertThat(len).isPositive();
        body.write(b, off, len);
        assertThat((long) body.size()).isLessThanOrEqualTo(LIMITS.maxBody());
        if (head[0].contentLength() >= 0) {
          assertThat((long) body.size()).isLessThanOrEqualTo(head[0].contentLength());
        }
      }

      @Override
      public void messageComplete() {
        assertThat(head[0]).isNotNull();
        if (head[0].contentLength() >= 0 && !head[0].chunked() && head[0].status() / 100 != 1
            && head[0].status() != 204 && head[0].status() != 304) {
          assertThat((long) body.size()).isEqualTo(head[0].contentLength());
        }
        messages.add(new Message(describe(head[0]), body.toByteArray()));
        heads.add(head[0]);
        body.reset();
        head[0] = null;
      }
    };
    Http1Parser parser = responses
        ? Http1Parser.forResponses(LIMITS, listener) : new Http1Parser(LIMITS, listener);
    int error = 0;
    try {
      int from = 0;
      for (int i = 0; i <= splits.length; i++) {
        int to = i < splits.length ? splits[i] : data.length;
        int pos = from;
        while (pos < to) {
          int used = parser.feed(data, pos, to - pos);
          assertThat(used).isBetween(0, to - pos);
          if (parser.isMessageComplete()) {
            parser.reset();
          } else {
            assertThat(used).as("feed made no progress").isEqualTo(to - pos);
          }
          pos += used;
        }
        from = to;
      }
      if (responses && close) {
        parser.connectionClosed();
      }
    } catch (HttpParseException e) {
      assertThat(e.status()).isBetween(400, 599);
      error = e.status();
    }
    return new Outcome(messages, heads, error, head[0] != null || !parser.isIdle());
  }

  /** A head as one comparable string: start line, framing and every field in order. */
  static String describe(MessageHead h) {
    StringBuilder b = new StringBuilder();
    b.append(h.method()).append(' ').append(h.target()).append(' ').append(h.status())
        .append(' ').append(h.reason()).append(' ').append(h.version())
        .append(" cl=").append(h.contentLength()).append(" chunked=").append(h.chunked());
    for (int i = 0; i < h.headers().size(); i++) {
      b.append('\n').append(h.headers().nameAt(i)).append(": ").append(h.headers().valueAt(i));
    }
    return b.toString();
  }

  /**
   * The message again, as Torsion's own client and server would frame it: the start line and
   * fields as parsed, the body in one chunk when it was chunked (trailers are dropped).
   */
  static byte[] encode(MessageHead h, byte[] body) {
    StringBuilder b = new StringBuilder();
    if (h.method() != null) {
      b.append(h.method()).append(' ').append(h.target()).append(' ').append(h.version());
    } else {
      b.append(h.version()).append(' ').append(String.format("%03d", h.status()));
      if (!h.reason().isEmpty()) {
        b.append(' ').append(h.reason());
      }
    }
    b.append("\r\n");
    for (int i = 0; i < h.headers().size(); i++) {
      b.append(h.headers().nameAt(i)).append(": ").append(h.headers().valueAt(i)).append("\r\n");
    }
    b.append("\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(b.toString().getBytes(StandardCharsets.ISO_8859_1));
    boolean bodyless = h.method() == null
        && (h.status() == 101 || h.status() == 204 || h.status() == 304);
    if (bodyless) {
      return out.toByteArray(); // whatever the fields say (RFC 9112 6.3 rule 1)
    }
    if (h.chunked()) {
      if (body.length > 0) {
        out.writeBytes((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    } else {
      out.writeBytes(body);
    }
    return out.toByteArray();
  }

  /** Up to {@code max} split offsets from the fuzzer's first bytes, for {@link #clamp}. */
  static int[] rawSplits(com.code_intelligence.jazzer.api.FuzzedDataProvider data, int max) {
    int n = data.consumeInt(0, max);
    int[] s = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = data.consumeInt(0, Integer.MAX_VALUE);
    }
    return s;
  }

  /** {@code raw} offsets brought into [0, length] and sorted. */
  static int[] clamp(int[] raw, int length) {
    int[] s = new int[raw.length];
    for (int i = 0; i < raw.length; i++) {
      s[i] = length == 0 ? 0 : Math.floorMod(raw[i], length + 1);
    }
    Arrays.sort(s);
    return s;
  }
}
