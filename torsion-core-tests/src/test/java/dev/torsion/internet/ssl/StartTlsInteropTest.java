package dev.torsion.internet.ssl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.ConnectionDone;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.NioTesting;
import dev.torsion.protocols.LineReceiver;
import dev.torsion.trial.Peers;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** STARTTLS against OpenSSL: {@code openssl s_client -starttls smtp} talks to a Torsion server. */
class StartTlsInteropTest {
  @TempDir Path dir;

  /**
   * Just enough SMTP for s_client: a 220 greeting, EHLO answered with a STARTTLS extension,
   * STARTTLS answered 220 before the switch; over TLS, one line is answered and the server
   * closes.
   */
  static final class SmtpGreeter extends LineReceiver {
    final List<String> lines = new ArrayList<>();
    final Deferred<Failure> closed = new Deferred<>();
    String tlsVersion;

    @Override
    public void connectionMade() {
      sendLine("220 localhost ESMTP torsion-starttls-test");
    }

    @Override
    public void lineReceived(byte[] line) {
      String text = new String(line, StandardCharsets.US_ASCII);
      boolean tls = transport instanceof TLSTransport;
      lines.add((tls ? "tls:" : "plain:") + text);
      if (tls) {
        tlsVersion = ((TLSTransport) transport).getSession().getProtocol();
        sendLine("250 got " + text);
        transport.loseConnection();
      } else if (text.startsWith("EHLO ")) {
        sendLine("250-localhost greets " + text.substring(5));
        sendLine("250-PIPELINING");
        sendLine("250 STARTTLS");
      } else if (text.equals("STARTTLS")) {
        sendLine("220 2.0.0 Ready to start TLS");
        clearLineBuffer(); // RFC 3207 4: nothing sent before the handshake counts
        transport.startTLS(TestCerts.server().build());
      } else {
        sendLine("530 5.7.0 Must issue a STARTTLS command first");
      }
    }

    @Override
    public void connectionLost(Failure reason) {
      closed.callback(reason);
    }
  }

  @Test
  void opensslStartTlsSmtpVerifiesTheServerAndExchangesALineOverTls() throws Exception {
    String openssl = Peers.require("openssl");
    Path ca = dir.resolve("ca.pem");
    Files.writeString(ca, Pem.encodeCertificate(TestCerts.CA.certificate()));
    SmtpGreeter server = new SmtpGreeter();
    try (NioTesting t = new NioTesting("tls-test-reactor", NioTesting.SLOW_TIMEOUT_SECONDS)) {
      ListeningPort port =
          t.call(() -> t.reactor.listenTCP(0, Factory.forProtocol(() -> server), 50, "127.0.0.1"));

      Process p = new ProcessBuilder(openssl, "s_client",
              "-connect", "127.0.0.1:" + NioTesting.port(port), "-starttls", "smtp",
              "-name", "torsion.test", "-servername", "localhost", "-CAfile", ca.toString(),
              "-verify_return_error", "-verify_hostname", "localhost", "-crlf", "-nocommands")
          .redirectErrorStream(true)
          .start();
      CompletableFuture<String> output = new CompletableFuture<>();
      Thread reader = new Thread(() -> {
        try {
          output.complete(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
          output.completeExceptionally(e);
        }
      }, "s_client-output");
      reader.start();
      OutputStream stdin = p.getOutputStream();
      // Held open: s_client closes on end of input, maybe before the reply is back. The server
      // closes after its reply, which ends s_client.
      stdin.write("NOOP over tls\n".getBytes(StandardCharsets.US_ASCII));
      stdin.flush();
      boolean exited = p.waitFor(NioTesting.SLOW_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (!exited) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      stdin.close();
      String out = output.get(10, TimeUnit.SECONDS);
      reader.join(10_000);
      Object reason = t.outcome(() -> server.closed);

      assertThat(exited).as("s_client ended; it printed:\n" + out).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).contains("Verify return code: 0 (ok)").contains("250 got NOOP over tls");
      assertThat(server.lines)
          .containsExactly("plain:EHLO torsion.test", "plain:STARTTLS", "tls:NOOP over tls");
      assertThat(server.tlsVersion).isEqualTo("TLSv1.3");
      assertThat(((Failure) reason).value()).isInstanceOf(ConnectionDone.class);
      t.outcome(port::stopListening);
    }
  }
}
