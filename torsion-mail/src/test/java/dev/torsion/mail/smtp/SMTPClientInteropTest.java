package dev.torsion.mail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.ssl.SelfSignedCertificate;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.trial.ReactorThread;
import dev.torsion.trial.Peers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Torsion's SMTP client against Python's aiosmtpd, started by the test with STARTTLS and AUTH. */
class SMTPClientInteropTest {
  static final SelfSignedCertificate CERT = SelfSignedCertificate.generate("localhost");

  /** Serves until it has one message, prints it as hex with its envelope, then exits. */
  static final String SERVER = String.join("\n",
      "import ssl, sys, socket, time",
      "from aiosmtpd.controller import Controller",
      "from aiosmtpd.smtp import AuthResult",
      "done = []",
      "class H:",
      "    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):",
      "        if address.startswith('nobody@'): return '550 5.1.1 no such user'",
      "        envelope.rcpt_tos.append(address); return '250 OK'",
      "    async def handle_DATA(self, server, session, envelope):",
      "        print('MSG', envelope.mail_from, ','.join(envelope.rcpt_tos), 'tls', session.ssl is not None,",
      "              'auth', session.authenticated, 'data', envelope.original_content.hex(), flush=True)",
      "        done.append(1); return '250 2.0.0 queued'",
      "def auth(server, session, envelope, mechanism, data):",
      "    return AuthResult(success=(data.login == b'alice' and data.password == b'secret'))",
      "ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)",
      "ctx.load_cert_chain(sys.argv[1], sys.argv[2])",
      "s = socket.socket(); s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]; s.close()",
      "c = Controller(H(), hostname='127.0.0.1', port=port, tls_context=ctx, authenticator=auth,",
      "               auth_require_tls=True)",
      "c.start()",
      "print('PORT', port, flush=True)",
      "deadline = time.time() + 30",
      "while not done and time.time() < deadline: time.sleep(0.05)",
      "time.sleep(0.2); c.stop()");

  @TempDir Path dir;
  Process server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void sendmailWithRequiredStartTlsAndAuthPlainToAiosmtpd() throws Exception {
    String python = Peers.requirePython("aiosmtpd");
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Files.writeString(cert, CERT.certificatePem());
    Files.writeString(key, CERT.privateKeyPem());
    server = new ProcessBuilder(python, "-c", SERVER, cert.toString(), key.toString())
        .redirectError(dir.resolve("stderr.txt").toFile()).start();
    BufferedReader out = new BufferedReader(
        new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String first = CompletableFuture.supplyAsync(() -> readLine(out)).get(30, TimeUnit.SECONDS);
    assertThat(first).as("aiosmtpd did not start: " + stderr()).startsWith("PORT ");
    int port = Integer.parseInt(first.substring(5).trim());
    byte[] message = ("From: alice@example.com\r\nSubject: interop\r\n\r\n.leading dot\r\n"
        + "\u00e9 8-bit\r\nlast\r\n").getBytes(StandardCharsets.ISO_8859_1);
    SenderOptions options = SenderOptions.builder()
        .tls(SenderOptions.TLSMode.REQUIRED,
            TLSOptions.forClient("localhost").trustRoots(CERT.certificate()).build())
        .auth("alice", "secret").build();

    SentMail sent;
    try (ReactorThread real = new ReactorThread()) {
      sent = real.call(() -> SMTPClient.sendmail(real.reactor(), "127.0.0.1", port,
          "alice@example.com", List.of("bob@example.org", "nobody@example.org"), message, options));
    }
    String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(30, TimeUnit.SECONDS);

    assertThat(sent.acceptedCount()).isEqualTo(1);
    assertThat(sent.recipients()).extracting(SentMail.Recipient::code).containsExactly(250, 550);
    assertThat(line).as(stderr()).startsWith(
        "MSG alice@example.com bob@example.org tls True auth True data ");
    assertThat(line.substring(line.lastIndexOf(' ') + 1)).isEqualTo(HexFormat.of().formatHex(message));
  }

  private String stderr() {
    try {
      return Files.readString(dir.resolve("stderr.txt"));
    } catch (Exception e) {
      return "";
    }
  }

  private static String readLine(BufferedReader r) {
    try {
      String l = r.readLine();
      return l == null ? "" : l;
    } catch (Exception e) {
      return "";
    }
  }
}
