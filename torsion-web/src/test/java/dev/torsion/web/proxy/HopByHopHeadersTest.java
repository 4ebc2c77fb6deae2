package dev.torsion.web.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.web.Headers;
import org.junit.jupiter.api.Test;

class HopByHopHeadersTest {
  @Test
  void stripsTheStandardFieldsAndThoseNamedInConnection() {
    Headers h = new Headers()
        .add("Connection", "keep-alive, X-Hop").add("connection", " X-Other ,")
        .add("X-Hop", "1").add("x-other", "2").add("Keep-Alive", "300").add("TE", "trailers")
        .add("Transfer-Encoding", "chunked").add("Upgrade", "h2c").add("Proxy-Connection", "x")
        .add("Proxy-Authorization", "Basic eDp5").add("Trailer", "X").add("X-Kept", "3")
        .add("Content-Type", "text/plain");

    HopByHopHeaders.strip(h);

    assertThat(h.names()).containsExactly("X-Kept", "Content-Type");
  }

  @Test
  void knowsTheFixedListCaseInsensitively() {
    assertThat(HopByHopHeaders.isHopByHop("TRANSFER-encoding")).isTrue();
    assertThat(HopByHopHeaders.isHopByHop("Content-Length")).isFalse();
  }
}
