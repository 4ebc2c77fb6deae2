package dev.torsion.internet.ssl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.NioTesting;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.endpoints.Endpoints;
import dev.torsion.trial.Peers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Torsion's TLS against OpenSSL's s_client and s_server and curl. */
class TlsInteropTest {
  @TempDir Path dir;

  /** Replies to the first line with the negotiated ALPN protocol and the line, then closes. */
  static final class Greeter extends Protocol {
    private final StringBuilder line = new StringBuilder();

    @Override
    public void dataReceived(byte[] data) {
      line.append(new String(data, StandardCharsets.UTF_8));
      int nl = line.indexOf("\n");
      if (nl >= 0) {
        String alpn = ((TLSTransport) transport).getApplicationProtocol();
        transport.write(("alpn=" + alpn + " " + line.substring(0, nl) + "\n").getBytes(StandardCharsets.UTF_8));
        transport.loseConnection();
      }
    }
  }

  /** The smallest HTTP/1.1 server: one fixed response per connection. */
  static final class Http extends Protocol {
    private final StringBuilder head = new StringBuilder();

    @Override
    public void dataReceived(byte[] data) {
      head.append(new String(data, StandardCharsets.ISO_8859_1));
      if (head.indexOf("\r\n\r\n") >= 0) {
        transport.write(("HTTP/1.1 200 OK\r\nContent-Length: 12\r\nConnection: close\r\n\r\n"
            + "hello, curl\n").getBytes(StandardCharsets.US_ASCII));
        transport.loseConnection();
      }
    }
  }

  private record Result(int exit, String out, String err) {}

  private Result run(String stdin, String... command) throws Exception {
    Process p = new ProcessBuilder(command).start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    byte[][] streams = new byte[2][];
    Thread err = new Thread(() -> {
      try {
        streams[1] = p.getErrorStream().readAllBytes();
      } catch (java.io.IOException e) {
        streams[1] = new byte[0];
      }
    });
    err.start();
    streams[0] = p.getInputStream().readAllBytes();
    boolean done = p.waitFor(60, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    err.join(10_000);
    assertThat(done).as(String.join(" ", command) + " finished").isTrue();
    return new Result(p.exitValue(), new String(streams[0], StandardCharsets.UTF_8),
        new String(streams[1], StandardCharsets.UTF_8));
  }

  private Path caFile() throws Exception {
    Path ca = dir.resolve("ca.pem");
    Files.writeString(ca, Pem.encodeCertificate(TestCerts.CA.certificate()));
    return ca;
  }

  private ListeningPort listen(NioTesting t, Factory app, TLSOptions options) throws Exception {
    return t.call(() -> t.reactor.listenTCP(0, TLS.wrapFactory(app, options, t.reactor), 50, "127.0.0.1"));
  }

  @Test
  void opensslClientVerifiesTorsionServerAndNegotiatesAlpn() throws Exception {
    String openssl = Peers.require("openssl");
    Path ca = caFile();
    try (NioTesting t = new NioTesting("tls-test-reactor", NioTesting.SLOW_TIMEOUT_SECONDS)) {
      ListeningPort port = listen(t, Factory.forProtocol(Greeter::new),
          TestCerts.server().applicationProtocols("h2", "http/1.1").build());

      Result r = run("hello from openssl\n", openssl, "s_client", "-connect",
          "127.0.0.1:" + NioTesting.port(port), "-servername", "localhost",
          "-CAfile", ca.toString(), "-verify_return_error", "-alpn", "h2", "-quiet");

      assertThat(r.out()).as(r.err()).contains("alpn=h2 hello from openssl");
      assertThat(r.exit()).isZero();
      t.outcome(port::stopListening);
    }
  }

  @Test
  void curlFetchesOverTlsAndAPlaintextClientDoesNotDisturbOthers() throws Exception {
    String curl = Peers.require("curl");
    Path ca = caFile();
    try (NioTesting t = new NioTesting("tls-test-reactor", NioTesting.SLOW_TIMEOUT_SECONDS)) {
      ListeningPort port = listen(t, Factory.forProtocol(Http::new), TestCerts.server().build());
      int p = NioTesting.port(port);
      String resolve = "localhost:" + p + ":127.0.0.1";

      Result plain = run("", curl, "-sS", "--max-time", "20", "http://localhost:" + p + "/", "--resolve", resolve);
      Result untrusted = run("", curl, "-sS", "--max-time", "20", "https://localhost:" + p + "/", "--resolve", resolve);
      Result good = run("", curl, "-sS", "--max-time", "20", "--http1.1", "--cacert", ca.toString(),
          "https://localhost:" + p + "/", "--resolve", resolve);

      assertThat(plain.exit()).isNotZero();
      assertThat(untrusted.exit()).as(untrusted.err()).isEqualTo(60); // peer certificate cannot be authenticated
      assertThat(good.exit()).as(good.err()).isZero();
      assertThat(good.out()).isEqualTo("hello, curl\n");
      t.outcome(port::stopListening);
    }
  }

  @Test
  void torsionClientTalksToOpensslServerWithAClientCertificate() throws Exception {
    String openssl = Peers.require("openssl");
    Path ca = caFile();
    Path serverPem = dir.resolve("server.pem");
    TestCerts.SERVER.writePem(serverPem);
    Path clientPem = dir.resolve("client.pem");
    TestCerts.CLIENT.writePem(clientPem);
    int p;
    try (ServerSocket probe = new ServerSocket(0)) {
      p = probe.getLocalPort();
    }
    Process server = new ProcessBuilder(openssl, "s_server", "-accept", "127.0.0.1:" + p,
        "-cert", serverPem.toString(), "-key", serverPem.toString(), "-CAfile", ca.toString(),
        "-Verify", "1", "-verify_return_error", "-naccept", "1", "-rev")
        .redirectErrorStream(true).start();
    try (NioTesting t = new NioTesting("tls-test-reactor", NioTesting.SLOW_TIMEOUT_SECONDS)) {
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      List<String> banner = new ArrayList<>();
      String l;
      while ((l = out.readLine()) != null && !l.contains("ACCEPT")) {
        banner.add(l);
      }
      assertThat(l).as("s_server started: " + banner).isNotNull();
      Deferred<String> reply = new Deferred<>();
      StringBuilder got = new StringBuilder();
      Protocol client = new Protocol() {
        @Override public void dataReceived(byte[] data) {
          got.append(new String(data, StandardCharsets.UTF_8));
          if (got.indexOf("\n") >= 0 && !reply.called()) {
            reply.callback(got.toString().trim());
            transport.loseConnection();
          }
        }

        @Override public void connectionLost(Failure reason) {
          if (!reply.called()) {
            reply.errback(reason);
          }
        }
      };

      Object connected = t.outcome(() -> Endpoints.clientFromString(t.reactor,
              "tls:localhost:" + p + ":trustRoots=" + Endpoints.quoteStringArgument(ca.toString())
                  + ":clientCertificate=" + Endpoints.quoteStringArgument(clientPem.toString()))
          .connect(Factory.forProtocol(() -> client)));
      assertThat(connected).isSameAs(client);
      t.call(() -> {
        client.getTransport().write("hello\n".getBytes(StandardCharsets.UTF_8));
        return null;
      });
      Object answer = t.outcome(() -> reply);

      assertThat(answer).isEqualTo("olleh");
      assertThat(((TLSTransport) client.getTransport()).getPeerCertificates().get(0))
          .isEqualTo(TestCerts.SERVER.certificate());
    } finally {
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }
}
