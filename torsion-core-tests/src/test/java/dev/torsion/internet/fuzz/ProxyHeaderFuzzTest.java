package dev.torsion.internet.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.IPv6Address;
import dev.torsion.internet.endpoints.internal.InvalidProxyHeader;
import dev.torsion.internet.endpoints.internal.ProxyHeader;
import dev.torsion.internet.endpoints.internal.ProxyHeaderParser;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The PROXY protocol header parser (HAProxy's versions 1 and 2) under Jazzer. Only
 * InvalidProxyHeader escapes; it never takes more than the limit or a byte past the header
 * (what it hands back is exactly the rest of the input); the same header, rest and verdict come
 * of the bytes whole or cut anywhere; and a TCP4/TCP6 header written again as a v1 line parses
 * to the same addresses. Seeds in ProxyHeaderFuzzTestInputs/.
 */
class ProxyHeaderFuzzTest {
  private static final int LIMIT = 512;

  /** The header and the rest, or the refusal, or null fields while it waits. */
  private record Outcome(ProxyHeader header, byte[] rest, boolean refused) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Outcome x && java.util.Objects.equals(x.header, header)
          && Arrays.equals(x.rest, rest) && x.refused == refused;
    }

    @Override
    public int hashCode() {
      return refused ? 1 : 0;
    }
  }

  private static Outcome parse(List<byte[]> pieces) {
    ProxyHeaderParser parser = new ProxyHeaderParser(LIMIT);
    java.io.ByteArrayOutputStream rest = new java.io.ByteArrayOutputStream();
    ProxyHeader header = null;
    try {
      for (byte[] p : pieces) {
        if (header != null) {
          rest.writeBytes(p); // the connection hands these to the client's protocol
          continue;
        }
        ProxyHeaderParser.Result r = parser.feed(p);
        if (r != null) {
          header = r.header();
          rest.writeBytes(r.rest());
        }
      }
    } catch (InvalidProxyHeader e) {
      return new Outcome(null, null, true);
    }
    return new Outcome(header, header == null ? null : rest.toByteArray(), false);
  }

  @FuzzTest(maxDuration = "20s")
  void splitAnywhereEqualsWhole(FuzzedDataProvider data) {
    List<byte[]> pieces = Splits.pieces(data, 4);
    byte[] all = Splits.whole(pieces);
    Outcome whole = parse(List.of(all));
    Outcome split = parse(pieces);
    assertThat(split).isEqualTo(whole);
    if (whole.header() == null) {
      return;
    }
    int used = all.length - whole.rest().length;
    assertThat(used).isBetween(1, LIMIT);
    assertThat(whole.rest()).isEqualTo(Arrays.copyOfRange(all, used, all.length));
    ProxyHeader h = whole.header();
    String family = h.source() instanceof IPv4Address ? "TCP4"
        : h.source() instanceof IPv6Address ? "TCP6" : null;
    if (family != null && h.destination() != null
        && h.destination().getClass() == h.source().getClass()) {
      String line = "PROXY " + family + " " + host(h.source()) + " " + host(h.destination()) + " "
          + port(h.source()) + " " + port(h.destination()) + "\r\n";
      Outcome again = parse(List.of(line.getBytes(StandardCharsets.US_ASCII)));
      assertThat(again.header()).as(line).isEqualTo(h);
    }
  }

  private static String host(Object a) {
    return a instanceof IPv4Address v4 ? v4.host() : ((IPv6Address) a).host();
  }

  private static int port(Object a) {
    return a instanceof IPv4Address v4 ? v4.port() : ((IPv6Address) a).port();
  }
}
