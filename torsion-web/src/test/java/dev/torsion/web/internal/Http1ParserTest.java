package dev.torsion.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Http1ParserTest {
  /** Records parser events. */
  static final class Recorder implements Http1Parser.Listener {
    final List<MessageHead> heads = new ArrayList<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    int completed;

    @Override public void headReceived(MessageHead head) {
      heads.add(head);
    }

    @Override public void bodyReceived(byte[] data, int offset, int length) {
      body.write(data, offset, length);
    }

    @Override public void messageComplete() {
      completed++;
    }
  }

  private final Recorder rec = new Recorder();
  private final Http1Parser parser =
      new Http1Parser(new Http1Parser.Limits(100, 400, 10, 1000), rec);

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Feeds one byte at a time; returns how many bytes were consumed before the parser stopped. */
  private int feedBytewise(String s) throws HttpParseException {
    byte[] b = bytes(s);
    int used = 0;
    for (int i = 0; i < b.length; i++) {
      int n = parser.feed(b, i, 1);
      used += n;
      if (n == 0) {
        break;
      }
    }
    return used;
  }

  @Test
  void parsesRequestLineAndHeadersFedOneByteAtATime() throws Exception {
    feedBytewise("GET /a/b?x=1 HTTP/1.1\r\nHost: example.com\r\nX-Multi: one\r\n"
        + "x-multi: two\r\nAccept:  text/html \t\r\n\r\n");

    assertThat(rec.completed).isEqualTo(1);
    MessageHead head = rec.heads.get(0);
    assertThat(head.method()).isSameAs("GET");
    assertThat(head.target()).isEqualTo("/a/b?x=1");
    assertThat(head.version()).isEqualTo("HTTP/1.1");
    assertThat(head.headers().getFirst("HOST")).isEqualTo("example.com");
    assertThat(head.headers().getAll("X-MULTI")).containsExactly("one", "two");
    assertThat(head.headers().getFirst("accept")).isEqualTo("text/html");
    assertThat(head.persistent()).isTrue();
    assertThat(head.hasBody()).isFalse();
  }

  @Test
  void readsContentLengthBodyOneByteAtATime() throws Exception {
    feedBytewise("POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world");

    assertThat(rec.heads.get(0).contentLength()).isEqualTo(11);
    assertThat(rec.body.toString(StandardCharsets.ISO_8859_1)).isEqualTo("hello world");
    assertThat(rec.completed).isEqualTo(1);
  }

  @Test
  void readsChunkedBodyWithExtensionsAndTrailersOneByteAtATime() throws Exception {
    feedBytewise("POST /p HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5;name=value\r\nhello\r\nA\r\n, chunked!\r\n0\r\nX-Trailer: t\r\n\r\n");

    assertThat(rec.body.toString(StandardCharsets.ISO_8859_1)).isEqualTo("hello, chunked!");
    assertThat(rec.completed).isEqualTo(1);
  }

  @Test
  void stopsAtTheEndOfAMessageLeavingPipelinedBytes() throws Exception {
    byte[] two = bytes("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n");

    int used = parser.feed(two, 0, two.length);

    assertThat(used).isEqualTo(two.length / 2);
    assertThat(rec.completed).isEqualTo(1);
    assertThat(parser.feed(two, used, two.length - used)).isZero();
    parser.reset();
    assertThat(parser.feed(two, used, two.length - used)).isEqualTo(two.length - used);
    assertThat(rec.heads.get(1).target()).isEqualTo("/2");
  }

  @Test
  void stopsRightAfterAChunkedBodyAndReadsTheNextChunkedOneAfterReset() throws Exception {
    String first = "POST /1 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n";
    byte[] two = bytes(first + "POST /2 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "2\r\nde\r\n0\r\n\r\n");

    int used = parser.feed(two, 0, two.length);
    parser.reset();
    int rest = parser.feed(two, used, two.length - used);

    assertThat(used).isEqualTo(first.length());
    assertThat(rest).isEqualTo(two.length - used);
    assertThat(rec.completed).isEqualTo(2);
    assertThat(rec.body.toString(StandardCharsets.ISO_8859_1)).isEqualTo("abcde");
  }

  @Test
  void http10IsNotPersistentUnlessKeepAlive() throws Exception {
    feedBytewise("GET / HTTP/1.0\r\n\r\n");
    parser.reset();
    feedBytewise("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    parser.reset();
    feedBytewise("GET / HTTP/1.1\r\nHost: h\r\nConnection: Close\r\n\r\n");

    assertThat(rec.heads).extracting(MessageHead::persistent).containsExactly(false, true, false);
  }

  @Test
  void toleratesAnEmptyLineBeforeTheRequestLine() throws Exception {
    feedBytewise("\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n");

    assertThat(rec.completed).isEqualTo(1);
  }

  static Stream<Arguments> hostileRequests() {
    String h = "Host: h\r\n";
    return Stream.of(
        Arguments.of("CL and TE", "POST / HTTP/1.1\r\n" + h
            + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        Arguments.of("duplicate CL", "POST / HTTP/1.1\r\n" + h
            + "Content-Length: 5\r\nContent-Length: 5\r\n\r\n", 400),
        Arguments.of("conflicting CL", "POST / HTTP/1.1\r\n" + h
            + "Content-Length: 5\r\nContent-Length: 6\r\n\r\n", 400),
        Arguments.of("CL list", "POST / HTTP/1.1\r\n" + h + "Content-Length: 5, 5\r\n\r\n", 400),
        Arguments.of("plus in CL", "POST / HTTP/1.1\r\n" + h + "Content-Length: +5\r\n\r\n", 400),
        Arguments.of("0x in CL", "POST / HTTP/1.1\r\n" + h + "Content-Length: 0x5\r\n\r\n", 400),
        Arguments.of("negative CL", "POST / HTTP/1.1\r\n" + h + "Content-Length: -1\r\n\r\n", 400),
        Arguments.of("empty CL", "POST / HTTP/1.1\r\n" + h + "Content-Length:\r\n\r\n", 400),
        Arguments.of("huge CL", "POST / HTTP/1.1\r\n" + h
            + "Content-Length: 99999999999999999999\r\n\r\n", 400),
        Arguments.of("invalid chunk size", "POST / HTTP/1.1\r\n" + h
            + "Transfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        Arguments.of("0x chunk size", "POST / HTTP/1.1\r\n" + h
            + "Transfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n", 400),
        Arguments.of("plus chunk size", "POST / HTTP/1.1\r\n" + h
            + "Transfer-Encoding: chunked\r\n\r\n+5\r\nhello\r\n0\r\n\r\n", 400),
        Arguments.of("overflowing chunk size", "POST / HTTP/1.1\r\n" + h
            + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n", 400),
        Arguments.of("chunk without CRLF", "POST / HTTP/1.1\r\n" + h
            + "Transfer-Encoding: chunked\r\n\r\n5\r\nhelloX\r\n", 400),
        Arguments.of("bare LF after chunk size", "POST / HTTP/1.1\r\n" + h
            + "Transfer-Encoding: chunked\r\n\r\n5\nhello\r\n", 400),
        Arguments.of("TE not chunked", "POST / HTTP/1.1\r\n" + h
            + "Transfer-Encoding: identity\r\n\r\n", 400),
        Arguments.of("TE chunked twice", "POST / HTTP/1.1\r\n" + h
            + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        Arguments.of("TE gzip, chunked", "POST / HTTP/1.1\r\n" + h
            + "Transfer-Encoding: gzip, chunked\r\n\r\n", 501),
        Arguments.of("TE in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        Arguments.of("obs-fold", "GET / HTTP/1.1\r\n" + h + "X-A: a\r\n  folded\r\n\r\n", 400),
        Arguments.of("bare LF in request line", "GET / HTTP/1.1\n" + h + "\r\n", 400),
        Arguments.of("bare LF in header", "GET / HTTP/1.1\r\nHost: h\n\r\n", 400),
        Arguments.of("bare CR in header", "GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n", 400),
        Arguments.of("space in header name", "GET / HTTP/1.1\r\n" + h + "Bad Name: x\r\n\r\n", 400),
        Arguments.of("space before colon", "GET / HTTP/1.1\r\n" + h + "X-A : x\r\n\r\n", 400),
        Arguments.of("empty header name", "GET / HTTP/1.1\r\n" + h + ": x\r\n\r\n", 400),
        Arguments.of("NUL in header value", "GET / HTTP/1.1\r\n" + h + "X-A: a\0b\r\n\r\n", 400),
        Arguments.of("NUL in target", "GET /a\0b HTTP/1.1\r\n" + h + "\r\n", 400),
        Arguments.of("NUL in method", "G\0T / HTTP/1.1\r\n" + h + "\r\n", 400),
        Arguments.of("two spaces", "GET  / HTTP/1.1\r\n" + h + "\r\n", 400),
        Arguments.of("no version", "GET /\r\n" + h + "\r\n", 400),
        Arguments.of("lowercase version", "GET / http/1.1\r\n" + h + "\r\n", 400),
        Arguments.of("HTTP/2.0", "GET / HTTP/2.0\r\n" + h + "\r\n", 505),
        Arguments.of("no Host", "GET / HTTP/1.1\r\n\r\n", 400),
        Arguments.of("two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        Arguments.of("unknown expectation", "GET / HTTP/1.1\r\n" + h + "Expect: magic\r\n\r\n", 417),
        Arguments.of("long request line", "GET /" + "a".repeat(200) + " HTTP/1.1\r\n", 414),
        Arguments.of("long header section", "GET / HTTP/1.1\r\n" + h + "X: "
            + "a".repeat(500) + "\r\n\r\n", 431),
        Arguments.of("too many headers", "GET / HTTP/1.1\r\n" + h + "X: a\r\n".repeat(10)
            + "\r\n", 431),
        Arguments.of("CL over the body limit", "POST / HTTP/1.1\r\n" + h
            + "Content-Length: 1001\r\n\r\n", 413),
        Arguments.of("chunks over the body limit", "POST / HTTP/1.1\r\n" + h
            + "Transfer-Encoding: chunked\r\n\r\n3e9\r\n", 413),
        Arguments.of("NUL in trailer", "POST / HTTP/1.1\r\n" + h
            + "Transfer-Encoding: chunked\r\n\r\n0\r\nX: a\0\r\n\r\n", 400));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileRequests")
  void refusesHostileInputWithTheRightStatus(String what, String raw, int status) {
    assertThatThrownBy(() -> feedBytewise(raw))
        .isInstanceOfSatisfying(HttpParseException.class, e -> assertThat(e.status()).isEqualTo(status));
    assertThat(rec.completed).isZero();
  }

  @ParameterizedTest(name = "{0} (whole buffer)")
  @MethodSource("hostileRequests")
  void refusesHostileInputFedAtOnce(String what, String raw, int status) {
    byte[] b = bytes(raw);
    assertThatThrownBy(() -> parser.feed(b, 0, b.length))
        .isInstanceOfSatisfying(HttpParseException.class, e -> assertThat(e.status()).isEqualTo(status));
    assertThat(rec.completed).isZero();
  }

  @Test
  void aDeadParserConsumesNothingMore() throws Exception {
    byte[] bad = bytes("GET / HTTP/1.1\n");
    assertThatThrownBy(() -> parser.feed(bad, 0, bad.length)).isInstanceOf(HttpParseException.class);
    parser.reset();
    byte[] good = bytes("GET / HTTP/1.1\r\nHost: h\r\n\r\n");

    assertThat(parser.feed(good, 0, good.length)).isZero();
    assertThat(rec.heads).isEmpty();
  }
}
