package dev.torsion.internet.endpoints.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class ProxyHeaderParserTest {
  private static final byte[] V2_SIG = {
    0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A
  };

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] v2Inet(byte[] tlvs) {
    int len = 12 + tlvs.length;
    return concat(V2_SIG, new byte[] {0x21, 0x11, (byte) (len >> 8), (byte) len,
        (byte) 192, 0, 2, 7, 127, 0, 0, 1, 0x15, (byte) 0xB3, 0, 80}, tlvs);
  }

  @Test
  void v1Tcp4GivesTheClientAddressAndKeepsTheClientBytes() {
    var r = new ProxyHeaderParser(4096).feed(ascii("PROXY TCP4 192.0.2.1 127.0.0.1 5555 80\r\nGET"));
    assertThat(r.header().source().toString()).contains("192.0.2.1").contains("5555");
    assertThat(new String(r.rest(), StandardCharsets.US_ASCII)).isEqualTo("GET");
  }

  @Test
  void v1Tcp6AndUnknown() {
    var r = new ProxyHeaderParser(4096).feed(ascii("PROXY TCP6 2001:db8::1 ::1 4444 443\r\n"));
    assertThat(r.header().source().toString()).contains("2001:db8").contains("4444");
    assertThat(new ProxyHeaderParser(4096).feed(ascii("PROXY UNKNOWN whatever\r\n")).header())
        .isEqualTo(ProxyHeader.LOCAL);
  }

  @Test
  void v2InetSkipsTlvsAndKeepsTheClientBytes() {
    byte[] tlv = {0x01, 0x00, 0x02, 'h', '2'};
    var r = new ProxyHeaderParser(4096).feed(concat(v2Inet(tlv), ascii("xy")));
    assertThat(r.header().source().toString()).contains("192.0.2.7").contains("5555");
    assertThat(new String(r.rest(), StandardCharsets.US_ASCII)).isEqualTo("xy");
  }

  @Test
  void v2LocalUsesTheRealAddresses() {
    byte[] local = concat(V2_SIG, new byte[] {0x20, 0x00, 0x00, 0x00});
    assertThat(new ProxyHeaderParser(4096).feed(local).header()).isEqualTo(ProxyHeader.LOCAL);
  }

  @Test
  void byteByByteEqualsWhole() {
    byte[] whole = concat(v2Inet(new byte[0]), ascii("z"));
    ProxyHeaderParser p = new ProxyHeaderParser(4096);
    ProxyHeaderParser.Result r = null;
    for (int i = 0; i < whole.length && r == null; i++) {
      r = p.feed(new byte[] {whole[i]});
    }
    assertThat(r.header()).isEqualTo(new ProxyHeaderParser(4096).feed(whole).header());
  }

  @Test
  void oversizedV2HeaderAndGarbageAreRefused() {
    byte[] big = concat(V2_SIG, new byte[] {0x21, 0x11, (byte) 0xFF, (byte) 0xFF});
    assertThatThrownBy(() -> new ProxyHeaderParser(4096).feed(big))
        .isInstanceOf(InvalidProxyHeader.class);
    assertThatThrownBy(() -> new ProxyHeaderParser(4096).feed(ascii("GET / HTTP/1.1\r\n")))
        .isInstanceOf(InvalidProxyHeader.class);
  }
}
