package dev.torsion.internet.ssl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.ConnectionDone;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.NioTesting;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.PushProducer;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.endpoints.Endpoints;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS over real TCP sockets on the NioReactor, set up from endpoint strings. */
class TlsTcpTest {
  @TempDir Path dir;

  /** Echoes; reading pauses while its own write buffer is full (a proxy-style producer). */
  static final class Echo extends Protocol {
    static volatile long maxBuffered;

    @Override
    public void connectionMade() {
      transport.registerProducer(transport, true);
    }

    @Override
    public void dataReceived(byte[] data) {
      transport.write(data);
      maxBuffered = Math.max(maxBuffered, transport.getWriteBufferSize());
    }
  }

  /** Sends a message, collects the echo, and closes once it has it all. */
  static final class Ask extends Protocol {
    final String message;
    final StringBuilder got = new StringBuilder();
    final Deferred<Failure> closed = new Deferred<>();

    Ask(String message) {
      this.message = message;
    }

    @Override
    public void connectionMade() {
      transport.write(message.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void dataReceived(byte[] data) {
      got.append(new String(data, StandardCharsets.UTF_8));
      if (got.length() >= message.length()) {
        transport.loseConnection();
      }
    }

    @Override
    public void connectionLost(Failure reason) {
      closed.callback(reason);
    }
  }

  private Path write(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  private static String path(Path p) {
    return Endpoints.quoteStringArgument(p.toString());
  }

  @Test
  void echoThroughSslAndTlsEndpointStringsWithAnIntermediateInExtraCertChain() throws Exception {
    SelfSignedCertificate intermediate =
        SelfSignedCertificate.builder().commonName("Intermediate").certificateAuthority(true)
            .signedBy(TestCerts.CA).build();
    SelfSignedCertificate leaf =
        SelfSignedCertificate.builder().names("localhost").signedBy(intermediate).build();
    Path key = write("key.pem", leaf.privateKeyPem());
    Path cert = write("cert.pem", Pem.encodeCertificate(leaf.certificate()));
    Path chain = write("chain.pem", Pem.encodeCertificate(intermediate.certificate()));
    Path ca = write("ca.pem", Pem.encodeCertificate(TestCerts.CA.certificate()));
    try (NioTesting t = new NioTesting("tls-test-reactor", NioTesting.SLOW_TIMEOUT_SECONDS)) {
      ListeningPort port = (ListeningPort) t.outcome(() ->
          Endpoints.serverFromString(t.reactor, "ssl:0:privateKey=" + path(key) + ":certKey="
                  + path(cert) + ":extraCertChain=" + path(chain) + ":interface=127.0.0.1")
              .listen(Factory.forProtocol(Echo::new)));
      Ask ask = new Ask("hello over real TLS");

      Object connected = t.outcome(() ->
          Endpoints.clientFromString(t.reactor,
                  "tls:localhost:" + NioTesting.port(port) + ":trustRoots=" + path(ca))
              .connect(Factory.forProtocol(() -> ask)));
      Object reason = t.outcome(() -> ask.closed);

      assertThat(connected).isSameAs(ask);
      assertThat(ask.got.toString()).isEqualTo("hello over real TLS");
      assertThat(((Failure) reason).value()).isInstanceOf(ConnectionDone.class);
      t.outcome(port::stopListening);
    }
  }

  @Test
  void hostnameMismatchAndUntrustedCertificatesFailTheConnectDeferred() throws Exception {
    Path server = dir.resolve("server.pem");
    SelfSignedCertificate.builder().names("other.test").signedBy(TestCerts.CA).build().writePem(server);
    Path ca = write("ca.pem", Pem.encodeCertificate(TestCerts.CA.certificate()));
    Path otherCa = write("other.pem", Pem.encodeCertificate(TestCerts.OTHER_CA.certificate()));
    try (NioTesting t = new NioTesting("tls-test-reactor", NioTesting.SLOW_TIMEOUT_SECONDS)) {
      ListeningPort port = (ListeningPort) t.outcome(() ->
          Endpoints.serverFromString(t.reactor, "ssl:0:privateKey=" + path(server) + ":interface=127.0.0.1")
              .listen(Factory.forProtocol(Echo::new)));
      int p = NioTesting.port(port);

      Object wrongName = t.outcome(() ->
          Endpoints.clientFromString(t.reactor, "tls:localhost:" + p + ":trustRoots=" + path(ca))
              .connect(Factory.forProtocol(Protocol::new)));
      Object untrusted = t.outcome(() ->
          Endpoints.clientFromString(t.reactor, "ssl:host=other.test:port=" + p
                  + ":caCertsDir=" + path(otherCa) + ":timeout=5")
              .connect(Factory.forProtocol(Protocol::new)));

      assertThat(((Failure) wrongName).value()).isInstanceOf(TLSHandshakeError.class);
      assertThat(((Failure) wrongName).getErrorMessage()).contains("localhost");
      // other.test does not resolve, so this one must not get as far as TLS: a DNS error instead
      assertThat(((Failure) untrusted).value()).isNotInstanceOf(TLSHandshakeError.class);
      t.outcome(port::stopListening);
    }
  }

  /** Streams a pattern with a producer, checks the echo byte for byte, reads slowly. */
  static final class Pump extends Protocol implements PushProducer {
    final long total;
    final Deferred<Failure> closed = new Deferred<>();
    long sent;
    long received;
    long firstBad = -1;
    int producerPauses;
    int readerPauses;
    boolean paused;

    final ReactorTime time;

    Pump(long total, ReactorTime time) {
      this.total = total;
      this.time = time;
    }

    static byte at(long offset) {
      return (byte) (offset * 7 + (offset >>> 11) * 13);
    }

    @Override
    public void connectionMade() {
      transport.registerProducer(this, true);
      resumeProducing();
    }

    @Override
    public void pauseProducing() {
      paused = true;
      producerPauses++;
    }

    @Override
    public void resumeProducing() {
      paused = false;
      while (!paused && sent < total) {
        int n = (int) Math.min(64 * 1024, total - sent);
        byte[] chunk = new byte[n];
        for (int i = 0; i < n; i++) {
          chunk[i] = at(sent + i);
        }
        sent += n;
        transport.write(chunk);
      }
      if (sent == total && !paused) {
        transport.unregisterProducer();
      }
    }

    @Override
    public void stopProducing() {}

    @Override
    public void dataReceived(byte[] data) {
      for (int i = 0; i < data.length && firstBad < 0; i++) {
        if (data[i] != at(received + i)) {
          firstBad = received + i;
        }
      }
      long before = received;
      received += data.length;
      if (received == total) {
        transport.loseConnection();
      } else if (before / (1 << 20) != received / (1 << 20)) {
        // a slow reader: stop reading for a moment every MiB
        readerPauses++;
        transport.pauseProducing();
        time.callLater(0.005, transport::resumeProducing);
      }
    }

    @Override
    public void connectionLost(Failure reason) {
      closed.callback(reason);
    }
  }

  @Test
  void largeEchoArrivesByteForByteWithASlowReaderAndBoundedBuffers() throws Exception {
    // 100 MiB by default (about 4 s on 2 cores); TORSION_TLS_ECHO_MB sets another size
    long megabytes = Long.parseLong(System.getenv().getOrDefault("TORSION_TLS_ECHO_MB", "100"));
    long total = megabytes << 20;
    Echo.maxBuffered = 0;
    try (NioTesting t = new NioTesting("tls-test-reactor", NioTesting.SLOW_TIMEOUT_SECONDS)) {
      TLSOptions serverOptions = TestCerts.server().build();
      ListeningPort port = t.call(() -> t.reactor.listenTCP(
          0, TLS.wrapFactory(Factory.forProtocol(Echo::new), serverOptions, t.reactor), 50, "127.0.0.1"));
      Pump pump = new Pump(total, t.reactor);

      t.outcome(() -> new dev.torsion.internet.endpoints.TCP4ClientEndpoint(
              t.reactor, "127.0.0.1", NioTesting.port(port))
          .connect(Factory.forProtocol(() -> TLS.wrap(pump, TestCerts.client().build(), t.reactor))));
      Object reason = t.outcome(() -> pump.closed);

      assertThat(((Failure) reason).value()).isInstanceOf(ConnectionDone.class);
      assertThat(pump.firstBad).as("first corrupted offset").isEqualTo(-1);
      assertThat(pump.received).isEqualTo(total);
      assertThat(pump.readerPauses).isGreaterThanOrEqualTo((int) megabytes - 1);
      assertThat(pump.producerPauses).as("the writer was held back").isGreaterThan(0);
      assertThat(Echo.maxBuffered).as("server write buffer high mark").isLessThan(4L << 20);
      t.outcome(port::stopListening);
    }
  }
}
