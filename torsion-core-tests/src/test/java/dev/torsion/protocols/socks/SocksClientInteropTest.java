package dev.torsion.protocols.socks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.NioTesting;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.endpoints.ClientEndpoint;
import dev.torsion.internet.endpoints.Endpoints;
import dev.torsion.internet.endpoints.TCP4ClientEndpoint;
import dev.torsion.trial.Peers;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SOCKS client endpoints through our own SOCKS server and through Twisted's SOCKSv4. */
final class SocksClientInteropTest {
  /** Sends "ping", fires when "ping" has come back. */
  static final class Pinger extends Protocol {
    final Deferred<String> echoed = new Deferred<>();
    private final StringBuilder got = new StringBuilder();

    @Override
    public void connectionMade() {
      transport.write("ping".getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void dataReceived(byte[] data) {
      got.append(new String(data, StandardCharsets.US_ASCII));
      if (got.length() >= 4 && !echoed.called()) {
        echoed.callback(got.toString());
        transport.loseConnection();
      }
    }
  }

  static final class Echo extends Protocol {
    @Override
    public void dataReceived(byte[] data) {
      transport.write(data);
    }
  }

  @TempDir Path dir;
  private NioTesting real;
  private int echoPort;
  private int socksPort;
  private ListeningPort echo;
  private ListeningPort socks;

  @BeforeEach
  void start() throws Exception {
    real = new NioTesting("socks-interop", 30);
    echo = real.call(() -> real.reactor.listenTCP(0, Factory.forProtocol(Echo::new), 50, "127.0.0.1"));
    echoPort = NioTesting.port(echo);
    Dialer dialer = (host, port, factory) ->
        new TCP4ClientEndpoint(real.reactor, host, port).connect(factory);
    socks = real.call(() -> real.reactor.listenTCP(0, SocksServer.factory(dialer, AllowList.ANY), 50, "127.0.0.1"));
    socksPort = NioTesting.port(socks);
  }

  @AfterEach
  void stop() throws Exception {
    real.call(() -> echo.stopListening());
    real.call(() -> socks.stopListening());
    real.close();
  }

  private String ping(ClientEndpoint endpoint) throws Exception {
    return real.await(() -> endpoint.connect(Factory.forProtocol(Pinger::new))
        .addDeferredCallback(p -> ((Pinger) p).echoed));
  }

  private ClientEndpoint proxy(int port) {
    return new TCP4ClientEndpoint(real.reactor, "127.0.0.1", port);
  }

  @Test
  void socks5ThroughOurServerByName() throws Exception {
    assertThat(ping(new SOCKS5ClientEndpoint("localhost", echoPort, proxy(socksPort)))).isEqualTo("ping");
  }

  @Test
  void socks5FromAnEndpointString() throws Exception {
    ClientEndpoint e = real.call(() -> Endpoints.clientFromString(real.reactor,
        "socks5:127.0.0.1:" + socksPort + ":tcp:127.0.0.1:" + echoPort));
    assertThat(ping(e)).isEqualTo("ping");
    ClientEndpoint k = real.call(() -> Endpoints.clientFromString(real.reactor,
        "socks5:host=localhost:port=" + echoPort + ":proxy=tcp\\:127.0.0.1\\:" + socksPort));
    assertThat(ping(k)).isEqualTo("ping");
  }

  @Test
  void socks4aThroughOurServer() throws Exception {
    assertThat(ping(new SOCKS4ClientEndpoint("localhost", echoPort, proxy(socksPort)))).isEqualTo("ping");
  }

  @Test
  void aRefusedDestinationIsASocksErrorWithTheCode() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    int port = closed;
    Object outcome = real.outcome(() ->
        new SOCKS5ClientEndpoint("127.0.0.1", port, proxy(socksPort)).connect(Factory.forProtocol(Pinger::new)));
    SOCKSError e = (SOCKSError) ((dev.torsion.internet.Failure) outcome).value();
    assertThat(e.replyCode()).isEqualTo(5);
  }

  @Test
  void socks4aThroughTwistedsSocksServer() throws Exception {
    String python = Peers.requirePython("twisted.protocols.socks");
    Path script = dir.resolve("twisted_socks.py");
    try (InputStream in = getClass().getResourceAsStream("twisted_socks.py")) {
      Files.write(script, in.readAllBytes());
    }
    Process p = new ProcessBuilder(python, script.toString())
        .redirectError(dir.resolve("err").toFile()).start();
    try {
      BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String first = CompletableFuture.supplyAsync(() -> {
        try {
          return lines.readLine();
        } catch (java.io.IOException e) {
          return null;
        }
      }).get(30, TimeUnit.SECONDS);
      assertThat(first).as(Files.readString(dir.resolve("err"))).startsWith("PORT ");
      int twisted = Integer.parseInt(first.substring(5).trim());
      assertThat(ping(new SOCKS4ClientEndpoint("localhost", echoPort, proxy(twisted), "torsion", null)))
          .isEqualTo("ping");
      assertThat(ping(new SOCKS4ClientEndpoint("127.0.0.1", echoPort, proxy(twisted)))).isEqualTo("ping");
    } finally {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
