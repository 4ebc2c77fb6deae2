package dev.torsion.web.http2.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HPACK against the examples of RFC 7541 Appendix C, and our encoder against our decoder. */
class HpackTest {
  private static List<String> decode(HpackDecoder d, String hex) throws HpackException {
    byte[] b = HexFormat.of().parseHex(hex.replace(" ", ""));
    List<String> out = new ArrayList<>();
    d.decode(b, 0, b.length, (n, v) -> out.add(n + ": " + v));
    return out;
  }

  @Test
  void decodesTheHuffmanCodedRequestsOfAppendixC4() throws Exception {
    HpackDecoder d = new HpackDecoder(4096, 8192);

    assertThat(decode(d, "828684418cf1e3c2e5f23a6ba0ab90f4ff")).containsExactly(
        ":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com");
    // C.4.2 refers to the dynamic table entry the first request added.
    assertThat(decode(d, "828684be5886a8eb10649cbf")).containsExactly(
        ":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com",
        "cache-control: no-cache");
  }

  @Test
  void whatTheEncoderWritesTheDecoderReads() throws Exception {
    HpackEncoder e = new HpackEncoder();
    e.header(":status", "200").header("content-type", "text/html; charset=utf-8")
        .header("x-custom", "Value with \u00e9").header("set-cookie", "a=b");
    byte[] block = e.take();
    List<String> out = new ArrayList<>();

    new HpackDecoder(4096, 8192).decode(block, 0, block.length, (n, v) -> out.add(n + ": " + v));

    assertThat(out).containsExactly(":status: 200", "content-type: text/html; charset=utf-8",
        "x-custom: Value with \u00e9", "set-cookie: a=b");
  }

  @Test
  void indexZeroIsACompressionError() {
    assertThatThrownBy(() -> decode(new HpackDecoder(4096, 8192), "80"))
        .isInstanceOf(HpackException.class);
  }

  @Test
  void aTableSizeUpdateAboveTheSettingIsRefused() {
    assertThatThrownBy(() -> decode(new HpackDecoder(4096, 8192), "3fe21f")) // 8192
        .isInstanceOf(HpackException.class);
  }

  @Test
  void huffmanPaddingThatIsNotAllOnesIsRefused() {
    // literal, new name "a"? no: indexed name 4 (:path), Huffman value 1 byte 0x00 (bad pad)
    assertThatThrownBy(() -> decode(new HpackDecoder(4096, 8192), "048100"))
        .isInstanceOf(HpackException.class);
  }
}
