package dev.torsion.web.http2.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.task.Clock;
import dev.torsion.trial.StringTransport;
import dev.torsion.web.http2.Http2Limits;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The request pseudo-headers of an extended CONNECT (RFC 8441 4) on an in-memory transport:
 * {@code :protocol} only on CONNECT and only because we advertised it, and then with the whole
 * target URI; each violation is a malformed request, answered with RST_STREAM PROTOCOL_ERROR
 * (RFC 9113 8.1.1), the connection going on.
 */
class Http2ExtendedConnectTest {
  private final StringTransport transport = new StringTransport();
  private Http2ServerConnection server;

  private void start() {
    server = new Http2ServerConnection(new Site(new Resource(), new Clock()),
        Http2Limits.defaults());
    server.makeConnection(transport);
    server.dataReceived(concat(Http2.PREFACE, FrameWriter.settings(new int[0], new long[0]),
        FrameWriter.settingsAck()));
  }

  private void request(int stream, String... fields) {
    request(stream, false, fields);
  }

  private void request(int stream, boolean endStream, String... fields) {
    HpackEncoder e = new HpackEncoder();
    for (int i = 0; i < fields.length; i += 2) {
      e.header(fields[i], fields[i + 1]);
    }
    server.dataReceived(concat(FrameWriter.headers(stream, e.take(), endStream, 16384)
        .toArray(new byte[0][])));
  }

  private static byte[] concat(byte[]... frames) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] f : frames) {
      all.writeBytes(f);
    }
    return all.toByteArray();
  }

  private List<String> written() throws Http2Exception {
    return new FrameLog(false).read(transport.value());
  }

  private void assertMalformed(int stream) throws Exception {
    assertThat(written()).contains("RST_STREAM " + stream + " " + Http2.PROTOCOL_ERROR)
        .doesNotContain("HEADERS " + stream);
    assertThat(transport.disconnecting).isFalse();
  }

  @Test
  void protocolOnAGetIsMalformed() throws Exception {
    start();
    request(1, ":method", "GET", ":protocol", "websocket", ":scheme", "https",
        ":authority", "x", ":path", "/");

    assertMalformed(1);
  }

  @Test
  void anExtendedConnectWithoutSchemeIsMalformed() throws Exception {
    start();
    request(1, ":method", "CONNECT", ":protocol", "websocket", ":authority", "x", ":path", "/");

    assertMalformed(1);
  }

  @Test
  void anExtendedConnectWithoutPathIsMalformed() throws Exception {
    start();
    request(1, ":method", "CONNECT", ":protocol", "websocket", ":scheme", "https",
        ":authority", "x");

    assertMalformed(1);
  }

  @Test
  void anExtendedConnectWithoutAuthorityIsMalformed() throws Exception {
    start();
    request(1, ":method", "CONNECT", ":protocol", "websocket", ":scheme", "https",
        ":path", "/");

    assertMalformed(1);
  }

  @Test
  void aPlainConnectStillNamesOnlyAnAuthority() throws Exception {
    start();
    request(1, ":method", "CONNECT", ":scheme", "https", ":authority", "x:443", ":path", "/");
    assertMalformed(1);

    request(3, true, ":method", "CONNECT", ":authority", "x:443");

    assertThat(written()).contains("HEADERS 3").doesNotContain("RST_STREAM 3 "
        + Http2.PROTOCOL_ERROR);
  }

  @Test
  void aWellFormedExtendedConnectReachesTheResource() throws Exception {
    start();
    request(1, ":method", "CONNECT", ":protocol", "websocket", ":scheme", "https",
        ":authority", "x", ":path", "/");

    // A resource that takes no CONNECT answers it; nothing about the request was malformed.
    assertThat(written()).contains("HEADERS 1").doesNotContain("RST_STREAM 1 "
        + Http2.PROTOCOL_ERROR);
  }

  @Test
  void protocolIsRefusedWhereTheSettingWasNotAdvertised() {
    List<String[]> fields = new ArrayList<>(List.of(new String[] {":method", "CONNECT"},
        new String[] {":protocol", "websocket"}, new String[] {":scheme", "https"},
        new String[] {":authority", "x"}, new String[] {":path", "/"}));
    RequestFields advertised = new RequestFields(false, true, 1 << 16, 100);
    RequestFields not = new RequestFields(false, false, 1 << 16, 100);
    for (String[] f : fields) {
      advertised.header(f[0], f[1]);
      not.header(f[0], f[1]);
    }

    assertThat(advertised.problem()).isNull();
    assertThat(advertised.protocol).isEqualTo("websocket");
    assertThat(not.problem()).isEqualTo(":protocol without SETTINGS_ENABLE_CONNECT_PROTOCOL");
  }
}
