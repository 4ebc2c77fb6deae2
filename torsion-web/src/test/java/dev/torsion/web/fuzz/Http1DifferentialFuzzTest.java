package dev.torsion.web.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.web.internal.Http1Parser;
import dev.torsion.web.internal.HttpParseException;
import dev.torsion.web.internal.MessageHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;

/**
 * The differential HTTP/1.1 harness (issue 21): the same bytes go to Torsion's request parser,
 * Netty's HttpRequestDecoder (in an EmbeddedChannel) and Jetty's HttpParser, and the first
 * request each makes of them is compared: accepted or not, method, target, header count and body
 * bytes. Size limits are lifted in all three (the limits have their own harness), so only the
 * grammar and the framing differ.
 *
 * <p>The rules: Torsion may refuse what the others accept (a stricter refusal is fine); when
 * Torsion accepts, at least one of them must accept too, and with the same method, target,
 * header count and body (accepting what both refuse, or framing a body differently from both, is
 * the stuff of request smuggling). The differences found so far, all Torsion being stricter, are
 * listed in docs/design/fuzzing.md ("The differential HTTP/1.1 harness") and in
 * {@link #STRICTER}.
 */
class Http1DifferentialFuzzTest {
  /**
   * Where Torsion refuses what Netty or Jetty (or both) accept, on purpose. Documentation for
   * the reader: the harness allows every stricter refusal, these are the ones seen.
   */
  static final List<String> STRICTER = List.of(
      "an HTTP/1.1 request without exactly one Host (RFC 9112 3.2: 400); the others leave it to the server",
      "Transfer-Encoding in HTTP/1.0 (RFC 9112 6.1); Netty and Jetty take it",
      "a Transfer-Encoding other than exactly 'chunked', and Content-Length with Transfer-Encoding (RFC 9112 6.1: may refuse; Netty drops the Content-Length)",
      "an Expect other than 100-continue (RFC 9110 10.1.1: 417)",
      "whitespace or control bytes before the request line (Netty skips any; RFC 9112 2.2 allows empty lines only, Torsion up to 4)",
      "a bare LF as line end (RFC 9112 2.2 MAY accept; Netty and Jetty do)",
      "HTTP versions other than 1.0 and 1.1 (505)");

  private static final Http1Parser.Limits NO_LIMITS =
      new Http1Parser.Limits(1 << 20, 1 << 20, 1 << 16, 1L << 30);

  /** One parser's reading of the first request: null fields when it refused or is still waiting. */
  record Verdict(boolean accepted, String method, String target, int headers, String body) {
    static final Verdict REFUSED = new Verdict(false, null, null, -1, null);

    boolean sameRequest(Verdict o) {
      return accepted && o.accepted && method.equals(o.method) && target.equals(o.target)
          && headers == o.headers && body.equals(o.body);
    }
  }

  private static String text(byte[] b, int off, int len) {
    return new String(b, off, len, StandardCharsets.ISO_8859_1);
  }

  static Verdict torsion(byte[] data) {
    Verdict[] v = {Verdict.REFUSED};
    MessageHead[] head = new MessageHead[1];
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    Http1Parser parser = new Http1Parser(NO_LIMITS, new Http1Parser.Listener() {
      @Override
      public void headReceived(MessageHead h) {
        head[0] = h;
      }

      @Override
      public void bodyReceived(byte[] b, int off, int len) {
        body.write(b, off, len);
      }

      @Override
      public void messageComplete() {
        MessageHead h = head[0];
        v[0] = new Verdict(true, h.method(), h.target(), h.headers().size(),
            body.toString(StandardCharsets.ISO_8859_1));
      }
    });
    try {
      parser.feed(data, 0, data.length); // stops after the first message
    } catch (HttpParseException e) {
      return Verdict.REFUSED;
    }
    return v[0];
  }

  static Verdict netty(byte[] data) {
    EmbeddedChannel channel = new EmbeddedChannel(new HttpRequestDecoder(new HttpDecoderConfig()
        .setMaxInitialLineLength(1 << 20).setMaxHeaderSize(1 << 20).setMaxChunkSize(1 << 20)));
    try {
      channel.writeInbound(Unpooled.wrappedBuffer(data));
      HttpRequest request = null;
      StringBuilder body = new StringBuilder();
      Object o;
      while ((o = channel.readInbound()) != null) {
        try {
          if (o instanceof HttpRequest r) {
            if (request != null || r.decoderResult().isFailure()) {
              return Verdict.REFUSED;
            }
            request = r;
          }
          if (o instanceof HttpContent c) {
            if (c.decoderResult().isFailure() || request == null) {
              return Verdict.REFUSED;
            }
            ByteBuf content = c.content();
            body.append(content.toString(StandardCharsets.ISO_8859_1));
            if (c instanceof LastHttpContent) {
              return new Verdict(true, request.method().name(), request.uri(),
                  request.headers().size(), body.toString());
            }
          }
        } finally {
          ReferenceCountUtil.release(o);
        }
      }
      return Verdict.REFUSED; // still waiting for the rest
    } finally {
      channel.finishAndReleaseAll();
    }
  }

  static Verdict jetty(byte[] data) {
    String[] line = new String[2];
    int[] fields = {0};
    StringBuilder body = new StringBuilder();
    boolean[] done = {false, false};
    HttpParser parser = new HttpParser(new HttpParser.RequestHandler() {
      @Override
      public void startRequest(String method, String uri, HttpVersion version) {
        line[0] = method;
        line[1] = uri;
      }

      @Override
      public void parsedHeader(HttpField field) {
        fields[0]++;
      }

      @Override
      public boolean headerComplete() {
        return false;
      }

      @Override
      public boolean content(ByteBuffer content) {
        byte[] b = new byte[content.remaining()];
        content.get(b);
        body.append(text(b, 0, b.length));
        return false;
      }

      @Override
      public boolean contentComplete() {
        return false;
      }

      @Override
      public boolean messageComplete() {
        done[0] = true;
        return true;
      }

      @Override
      public void earlyEOF() {}

      @Override
      public void badMessage(org.eclipse.jetty.http.HttpException failure) {
        done[1] = true;
      }
    }, 1 << 20);
    ByteBuffer buffer = ByteBuffer.wrap(data);
    try {
      while (!done[0] && !done[1] && buffer.hasRemaining()) {
        int before = buffer.remaining();
        parser.parseNext(buffer);
        if (buffer.remaining() == before && !done[0] && !done[1]) {
          break;
        }
      }
      if (!done[0] && !done[1]) {
        parser.parseNext(ByteBuffer.allocate(0)); // content left in its state machine
      }
    } catch (RuntimeException e) {
      return Verdict.REFUSED;
    }
    if (!done[0] || done[1]) {
      return Verdict.REFUSED;
    }
    return new Verdict(true, line[0], line[1], fields[0], body.toString());
  }

  /** The verdicts and the rule above; returns Torsion's for seeds that want to say more. */
  static Verdict compare(byte[] data) {
    Verdict t = torsion(data);
    if (!t.accepted()) {
      return t; // stricter is fine
    }
    Verdict n = netty(data);
    Verdict j = jetty(data);
    String input = text(data, 0, data.length);
    assertThat(n.accepted() || j.accepted())
        .as("Torsion accepts what Netty and Jetty both refuse: %s", input).isTrue();
    assertThat(t.sameRequest(n) || t.sameRequest(j))
        .as("Torsion %s, Netty %s, Jetty %s for %s", t, n, j, input).isTrue();
    return t;
  }

  @FuzzTest(maxDuration = "20s")
  void torsionAgreesWithNettyOrJetty(FuzzedDataProvider data) {
    compare(data.consumeRemainingAsBytes());
  }

  /** The same with a well-formed start, so the fuzzer spends its time on fields and bodies. */
  @FuzzTest(maxDuration = "20s")
  void fieldsAndBodies(FuzzedDataProvider data) {
    String method = data.pickValue(new String[] {"GET", "POST", "PUT", "OPTIONS"});
    byte[] rest = data.consumeRemainingAsBytes();
    byte[] start = (method + " /p?q HTTP/1.1\r\nHost: h\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[start.length + rest.length];
    System.arraycopy(start, 0, all, 0, start.length);
    System.arraycopy(rest, 0, all, start.length, rest.length);
    compare(all);
  }
}
