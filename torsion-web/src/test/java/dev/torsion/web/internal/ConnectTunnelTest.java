package dev.torsion.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.ConnectError;
import dev.torsion.internet.ConnectionDone;
import dev.torsion.internet.ConnectionLost;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.trial.StringTransport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectTunnelTest {
  static final class Inner extends Protocol {
    final StringBuilder received = new StringBuilder();
    boolean made;
    Failure lost;

    @Override public void connectionMade() {
      made = true;
    }

    @Override public void dataReceived(byte[] data) {
      received.append(new String(data, StandardCharsets.ISO_8859_1));
    }

    @Override public void connectionLost(Failure reason) {
      lost = reason;
    }
  }

  private final Inner inner = new Inner();
  private final Deferred<Object> ready = new Deferred<>();
  private final List<Throwable> errors = new ArrayList<>();
  private final StringTransport transport = new StringTransport();
  private final ConnectTunnel tunnel =
      new ConnectTunnel("example.com:443", "Basic eDp5", inner, ready);

  ConnectTunnelTest() {
    ready.addErrback(f -> {
      errors.add(f.value());
      return null;
    });
    tunnel.makeConnection(transport);
  }

  private void feed(String s) {
    tunnel.dataReceived(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void asksForTheTunnelWithCredentials() {
    assertThat(transport.valueString()).isEqualTo("CONNECT example.com:443 HTTP/1.1\r\n"
        + "Host: example.com:443\r\nProxy-Authorization: Basic eDp5\r\n\r\n");
  }

  @Test
  void a2xxHandsOverTheConnectionAndTheBytesAfterTheHead() {
    feed("HTTP/1.1 200 Connection");
    feed(" established\r\nVia: p\r\n\r\n\u0016\u0003");
    feed("more");
    tunnel.transportClosed(Failure.of(new ConnectionDone("bye")));

    assertThat(inner.made).isTrue();
    assertThat(inner.received.toString()).isEqualTo("\u0016\u0003more");
    assertThat(inner.lost).isNotNull();
    assertThat(errors).isEmpty();
  }

  @Test
  void anotherStatusFailsWithConnectErrorAndDropsTheConnection() {
    feed("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n");

    assertThat(errors).singleElement().isInstanceOf(ConnectError.class)
        .hasFieldOrPropertyWithValue("message",
            "the proxy refused CONNECT example.com:443: HTTP/1.1 407 Proxy Authentication Required");
    assertThat(inner.made).isFalse();
    assertThat(transport.aborted).isTrue();
  }

  @Test
  void anEndlessHeadIsCutOff() {
    feed("HTTP/1.1 200 OK\r\n");
    for (int i = 0; i < 20; i++) {
      feed("X-Filler: " + "a".repeat(1000) + "\r\n");
    }

    assertThat(errors).singleElement().isInstanceOf(ConnectError.class);
    assertThat(transport.aborted).isTrue();
  }

  @Test
  void closingBeforeAnAnswerFailsWithConnectionLost() {
    tunnel.transportClosed(Failure.of(new ConnectionDone("closed")));

    assertThat(errors).singleElement().isInstanceOf(ConnectionLost.class);
  }
}
