package dev.torsion.web.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Torsion's HTTP/1.1 parser (Http1Parser, MessageHead, ChunkedBodyParser) under Jazzer: request
 * heads, response heads and chunked bodies. Only HttpParseException (with a 4xx/5xx status)
 * escapes; no head has more fields than the limit, no body more bytes than the limit or its
 * Content-Length; every feed makes progress; feeding the bytes cut at up to three points gives
 * exactly what feeding them whole gives; and a message that parses, framed again as Torsion
 * frames messages, parses to the same head and body. Seeds in Http1FuzzTestInputs/.
 */
class Http1FuzzTest {
  private static final byte[] CHUNKED_HEAD =
      "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII);

  private static void splitAnywhereEqualsWhole(byte[] bytes, int[] raw, boolean responses) {
    Http1Run.Outcome whole = Http1Run.feed(bytes, new int[0], responses, true);
    Http1Run.Outcome split = Http1Run.feed(bytes, Http1Run.clamp(raw, bytes.length), responses, true);
    assertThat(split.messages()).isEqualTo(whole.messages());
    assertThat(split.error()).isEqualTo(whole.error());
    assertThat(split.partial()).isEqualTo(whole.partial());
    for (int i = 0; i < whole.heads().size(); i++) {
      // Pipelined requests are re-encoded one by one; a response ends at the close only if
      // it is the last.
      if (responses && i < whole.heads().size() - 1) {
        continue;
      }
      byte[] again = Http1Run.encode(whole.heads().get(i), whole.messages().get(i).body());
      Http1Run.Outcome reparsed = Http1Run.feed(again, new int[0], responses, true);
      assertThat(reparsed.error()).as("re-encoded %s", new String(again, StandardCharsets.ISO_8859_1))
          .isZero();
      assertThat(reparsed.messages()).containsExactly(whole.messages().get(i));
    }
  }

  @FuzzTest(maxDuration = "20s")
  void requests(FuzzedDataProvider data) {
    int[] raw = Http1Run.rawSplits(data, 3);
    splitAnywhereEqualsWhole(data.consumeRemainingAsBytes(), raw, false);
  }

  @FuzzTest(maxDuration = "20s")
  void responses(FuzzedDataProvider data) {
    int[] raw = Http1Run.rawSplits(data, 3);
    splitAnywhereEqualsWhole(data.consumeRemainingAsBytes(), raw, true);
  }

  /** The bytes after a head that says chunked: the ChunkedBodyParser's whole input. */
  @FuzzTest(maxDuration = "20s")
  void chunkedBodies(FuzzedDataProvider data) {
    int[] raw = Http1Run.rawSplits(data, 3);
    byte[] body = data.consumeRemainingAsBytes();
    byte[] bytes = new byte[CHUNKED_HEAD.length + body.length];
    System.arraycopy(CHUNKED_HEAD, 0, bytes, 0, CHUNKED_HEAD.length);
    System.arraycopy(body, 0, bytes, CHUNKED_HEAD.length, body.length);
    splitAnywhereEqualsWhole(bytes, raw, false);
  }
}
