package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.internet.endpoints.Endpoints;
import dev.torsion.internet.ssl.SelfSignedCertificate;
import dev.torsion.internet.ssl.TLSHandshakeError;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.web.client.HttpAgent;
import dev.torsion.web.server.Resource;
import dev.torsion.web.websocket.WebSocketClient;
import dev.torsion.web.websocket.WebSocketOptions;
import dev.torsion.web.websocket.WebSocketProtocol;
import dev.torsion.web.websocket.WebSocketResource;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Torsion's WebSocket client against Torsion's server over real sockets and TLS (wss, a
 * certificate from a test CA, HTTP/2 on at the server so ALPN matters): the agent's TLS options
 * decide what is trusted, as for https.
 */
class WebSocketTlsInteropTest {
  @TempDir Path tmp;
  private SelfSignedCertificate ca;
  private RealServer server;
  private HttpAgent agent;

  private static final class Echo extends WebSocketProtocol {
    @Override public void textMessageReceived(String message) {
      sendText(message.toUpperCase());
    }

    @Override public void binaryMessageReceived(byte[] message) {
      sendBinary(message);
    }
  }

  @BeforeEach
  void start() throws Exception {
    ca = SelfSignedCertificate.builder().commonName("Torsion test CA").certificateAuthority(true)
        .build();
    SelfSignedCertificate leaf = SelfSignedCertificate.builder().names("localhost").signedBy(ca)
        .build();
    Path pem = tmp.resolve("server.pem");
    leaf.writePem(pem);
    Resource root = new Resource();
    root.putChild("echo", new WebSocketResource(r -> new Echo(),
        WebSocketOptions.builder().subprotocols(List.of("chat.v2", "chat.v1")).build()));
    server = new RealServer(root, site -> { }, "ssl:0:interface=127.0.0.1:privateKey="
        + Endpoints.quoteStringArgument(pem.toString()));
    agent = new HttpAgent(server.reactor);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private String url() {
    return "wss://localhost:" + server.port() + "/echo";
  }

  @Test
  void wssWithTheAgentsTrustedCaExchangesMessagesAndCloses() throws Exception {
    agent.getPool().setTlsOptions(host -> TLSOptions.forClient(host).trustRoots(ca.certificate())
        .build());
    WebSocketClient client = new WebSocketClient(agent,
        WebSocketOptions.builder().subprotocols(List.of("chat.v1")).build());
    WebSocketPythonInteropTest.Collector c = new WebSocketPythonInteropTest.Collector();

    WebSocketProtocol opened = server.call(() -> client.connect(url(), c));
    assertThat(opened).isSameAs(c);
    assertThat(c.getTransport().getSubprotocol()).isEqualTo("chat.v1");
    assertThat(c.getTransport().getExtensions()).isEqualTo("permessage-deflate");
    byte[] blob = new byte[300_000];
    new java.util.Random(5).nextBytes(blob);
    server.reactor.callFromThread(() -> {
      c.sendText("over tls");
      c.sendBinary(blob.clone());
      c.close(1000, "");
    });

    assertThat(c.next()).isEqualTo("text OVER TLS");
    assertThat(c.next()).isEqualTo("binary 300000 " + WebSocketPythonInteropTest.sha256(blob));
    assertThat(c.next()).isEqualTo("close 1000 ");
  }

  @Test
  void wssWithDefaultTrustRefusesTheTestCertificate() {
    WebSocketPythonInteropTest.Collector c = new WebSocketPythonInteropTest.Collector();

    assertThatThrownBy(() -> server.call(() -> WebSocketClient.connect(server.reactor, url(), c,
        WebSocketOptions.defaults()))).isInstanceOf(TLSHandshakeError.class);
    assertThat(c.events).as("the protocol never opened").isEmpty();
  }
}
