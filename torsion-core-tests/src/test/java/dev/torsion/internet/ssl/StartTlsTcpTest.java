package dev.torsion.internet.ssl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.ConnectionDone;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.NioTesting;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.endpoints.TCP4ClientEndpoint;
import dev.torsion.internet.endpoints.UNIXClientEndpoint;
import dev.torsion.protocols.LineReceiver;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * STARTTLS on real connections (TCP loopback and a Unix socket) on the NioReactor, with Torsion
 * on both ends: the switch, encryption on the wire, and the CVE-2011-0411 injection case.
 */
class StartTlsTcpTest {
  private static final String SECRET = "MAIL FROM:<secret-sender@example.com>";

  @TempDir Path dir;

  /** "STARTTLS" answers 220, drops pipelined input and switches; other lines get "250 line". */
  static final class Server extends LineReceiver {
    final List<String> lines = new ArrayList<>();
    final Deferred<Failure> closed = new Deferred<>();
    byte[] discarded = new byte[0];

    @Override
    public void lineReceived(byte[] line) {
      String text = new String(line, StandardCharsets.US_ASCII);
      boolean tls = transport instanceof TLSTransport;
      if (text.equals("STARTTLS") && !tls) {
        sendLine("220 go ahead");
        discarded = clearLineBuffer(); // CVE-2011-0411: what came with STARTTLS was plaintext
        transport.startTLS(TestCerts.server().build());
        return;
      }
      lines.add((tls ? "tls:" : "plain:") + text);
      sendLine("250 " + text);
    }

    @Override
    public void connectionLost(Failure reason) {
      closed.callback(reason);
    }
  }

  /**
   * Writes {@code opening} raw, starts TLS on "220", sends {@link #SECRET} once the handshake is
   * done and closes when it is echoed back.
   */
  static final class Client extends LineReceiver implements HandshakeListener {
    final byte[] opening;
    final List<String> replies = new ArrayList<>();
    final Deferred<Failure> closed = new Deferred<>();
    List<X509Certificate> serverChain = List.of();
    String tlsVersion;

    Client(String opening) {
      this.opening = opening.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void connectionMade() {
      transport.write(opening); // one write: one segment on loopback
    }

    @Override
    public void lineReceived(byte[] line) {
      String text = new String(line, StandardCharsets.US_ASCII);
      boolean tls = transport instanceof TLSTransport;
      replies.add((tls ? "tls:" : "plain:") + text);
      if (text.startsWith("220") && !tls) {
        clearLineBuffer();
        transport.startTLS(TestCerts.client().build());
      } else if (text.equals("250 " + SECRET)) {
        transport.loseConnection();
      }
    }

    @Override
    public void handshakeCompleted() {
      TLSTransport tls = (TLSTransport) transport;
      serverChain = tls.getPeerCertificates();
      tlsVersion = tls.getSession().getProtocol();
      sendLine(SECRET);
    }

    @Override
    public void connectionLost(Failure reason) {
      closed.callback(reason);
    }
  }

  /** Forwards a connection to {@code target}, recording the bytes each way. */
  static final class Relay extends Protocol {
    final ByteArrayOutputStream up = new ByteArrayOutputStream();
    final ByteArrayOutputStream down = new ByteArrayOutputStream();
    private final Reactor reactor;
    private final int target;
    private final List<byte[]> early = new ArrayList<>();
    private Protocol out;

    Relay(Reactor reactor, int target) {
      this.reactor = reactor;
      this.target = target;
    }

    @Override
    public void connectionMade() {
      Protocol toServer = new Protocol() {
        @Override
        public void dataReceived(byte[] data) {
          down.writeBytes(data);
          Relay.this.transport.write(data);
        }

        @Override
        public void connectionLost(Failure reason) {
          Relay.this.transport.loseConnection();
        }
      };
      new TCP4ClientEndpoint(reactor, "127.0.0.1", target)
          .connect(Factory.forProtocol(() -> toServer))
          .addCallbacks(p -> {
            out = p;
            early.forEach(p.getTransport()::write);
            early.clear();
            return null;
          }, f -> {
            transport.loseConnection();
            return null;
          });
    }

    @Override
    public void dataReceived(byte[] data) {
      up.writeBytes(data);
      if (out == null) {
        early.add(data);
      } else {
        out.getTransport().write(data);
      }
    }

    @Override
    public void connectionLost(Failure reason) {
      if (out != null) {
        out.getTransport().loseConnection();
      }
    }
  }

  @Test
  void startTlsOverTcpEncryptsEverythingAfterTheSwitch() throws Exception {
    Server server = new Server();
    Client client = new Client("STARTTLS\r\n");
    try (NioTesting t = new NioTesting("tls-test-reactor", NioTesting.SLOW_TIMEOUT_SECONDS)) {
      ListeningPort serverPort =
          t.call(() -> t.reactor.listenTCP(0, Factory.forProtocol(() -> server), 50, "127.0.0.1"));
      Relay relay = new Relay(t.reactor, NioTesting.port(serverPort));
      ListeningPort relayPort =
          t.call(() -> t.reactor.listenTCP(0, Factory.forProtocol(() -> relay), 50, "127.0.0.1"));

      t.outcome(() -> new TCP4ClientEndpoint(t.reactor, "127.0.0.1", NioTesting.port(relayPort))
          .connect(Factory.forProtocol(() -> client)));
      Object clientReason = t.outcome(() -> client.closed);
      Object serverReason = t.outcome(() -> server.closed);

      assertThat(client.replies).containsExactly("plain:220 go ahead", "tls:250 " + SECRET);
      assertThat(server.lines).containsExactly("tls:" + SECRET);
      assertThat(client.serverChain).first().isEqualTo(TestCerts.SERVER.certificate());
      assertThat(client.tlsVersion).isEqualTo("TLSv1.3");
      assertThat(((Failure) clientReason).value()).isInstanceOf(ConnectionDone.class);
      assertThat(((Failure) serverReason).value()).isInstanceOf(ConnectionDone.class);
      // On the wire: the command in plaintext, then TLS records (content type 22, version 3.x)
      byte[] up = relay.up.toByteArray();
      String upText = new String(up, StandardCharsets.ISO_8859_1);
      String downText = relay.down.toString(StandardCharsets.ISO_8859_1);
      assertThat(upText).startsWith("STARTTLS\r\n");
      assertThat(up[10]).isEqualTo((byte) 22);
      assertThat(up[11]).isEqualTo((byte) 3);
      assertThat(downText).startsWith("220 go ahead\r\n");
      assertThat(upText).doesNotContain("secret-sender");
      assertThat(downText).doesNotContain("secret-sender");
      t.outcome(relayPort::stopListening);
      t.outcome(serverPort::stopListening);
    }
  }

  @Test
  void commandsPipelinedWithStartTlsAreNeverDeliveredAfterTheSwitch() throws Exception {
    Server server = new Server();
    // the attacker's injection: STARTTLS and a command after it in one plaintext packet
    Client client = new Client("STARTTLS\r\nINJECTED\r\n");
    try (NioTesting t = new NioTesting("tls-test-reactor", NioTesting.SLOW_TIMEOUT_SECONDS)) {
      ListeningPort port =
          t.call(() -> t.reactor.listenTCP(0, Factory.forProtocol(() -> server), 50, "127.0.0.1"));

      t.outcome(() -> new TCP4ClientEndpoint(t.reactor, "127.0.0.1", NioTesting.port(port))
          .connect(Factory.forProtocol(() -> client)));
      t.outcome(() -> client.closed);
      t.outcome(() -> server.closed);

      assertThat(server.lines).noneMatch(line -> line.contains("INJECTED"));
      assertThat(new String(server.discarded, StandardCharsets.US_ASCII)).isEqualTo("INJECTED\r\n");
      assertThat(server.lines).containsExactly("tls:" + SECRET);
      assertThat(client.replies).containsExactly("plain:220 go ahead", "tls:250 " + SECRET);
      t.outcome(port::stopListening);
    }
  }

  @Test
  void startTlsWorksOnUnixSockets() throws Exception {
    Server server = new Server();
    Client client = new Client("STARTTLS\r\n");
    String path = dir.resolve("starttls.sock").toString();
    try (NioTesting t = new NioTesting("tls-test-reactor", NioTesting.SLOW_TIMEOUT_SECONDS)) {
      ListeningPort port = t.call(() -> t.reactor.listenUNIX(path, Factory.forProtocol(() -> server)));

      t.outcome(() -> new UNIXClientEndpoint(t.reactor, path).connect(Factory.forProtocol(() -> client)));
      Object clientReason = t.outcome(() -> client.closed);
      t.outcome(() -> server.closed);

      assertThat(server.lines).containsExactly("tls:" + SECRET);
      assertThat(client.replies).containsExactly("plain:220 go ahead", "tls:250 " + SECRET);
      assertThat(client.serverChain).first().isEqualTo(TestCerts.SERVER.certificate());
      assertThat(((Failure) clientReason).value()).isInstanceOf(ConnectionDone.class);
      t.outcome(port::stopListening);
    }
  }
}
