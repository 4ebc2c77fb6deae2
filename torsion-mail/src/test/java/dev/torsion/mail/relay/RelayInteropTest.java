package dev.torsion.mail.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.mail.MailFixture;
import dev.torsion.trial.ReactorThread;
import dev.torsion.mail.smtp.ESMTPFactory;
import dev.torsion.mail.smtp.SMTPClient;
import dev.torsion.mail.smtp.SenderOptions;
import dev.torsion.mail.smtp.SentMail;
import dev.torsion.trial.Peers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mail relayed by Torsion's SMTP server to Python's aiosmtpd as the smart host: a relay-network
 * client's message is queued, the queue runner sends it on, and the recipient aiosmtpd refuses
 * comes back to the local sender as a delivery status notification.
 */
class RelayInteropTest {
  /** Accepts everyone but nobody@, prints each message with its envelope, exits after one. */
  static final String SMART_HOST = String.join("\n",
      "import sys, socket, time",
      "from aiosmtpd.controller import Controller",
      "done = []",
      "class H:",
      "    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):",
      "        if address.startswith('nobody@'): return '550 5.1.1 no such user'",
      "        envelope.rcpt_tos.append(address); return '250 OK'",
      "    async def handle_DATA(self, server, session, envelope):",
      "        print('MSG', envelope.mail_from, ','.join(envelope.rcpt_tos), 'data',",
      "              envelope.original_content.hex(), flush=True)",
      "        done.append(1); return '250 2.0.0 queued'",
      "s = socket.socket(); s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]; s.close()",
      "c = Controller(H(), hostname='127.0.0.1', port=port)",
      "c.start()",
      "print('PORT', port, flush=True)",
      "deadline = time.time() + 30",
      "while not done and time.time() < deadline: time.sleep(0.05)",
      "time.sleep(0.2); c.stop()");

  @TempDir Path dir;
  Process smartHost;

  @AfterEach
  void stop() throws Exception {
    if (smartHost != null) {
      smartHost.destroy();
      if (!smartHost.waitFor(10, TimeUnit.SECONDS)) {
        smartHost.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void relayedMailReachesTheSmartHostAndTheRefusedRecipientBounces() throws Exception {
    String python = Peers.requirePython("aiosmtpd");
    smartHost = new ProcessBuilder(python, "-c", SMART_HOST)
        .redirectError(dir.resolve("stderr.txt").toFile()).start();
    BufferedReader out = new BufferedReader(
        new InputStreamReader(smartHost.getInputStream(), StandardCharsets.UTF_8));
    String first = CompletableFuture.supplyAsync(() -> readLine(out)).get(30, TimeUnit.SECONDS);
    assertThat(first).as("aiosmtpd did not start: " + stderr()).startsWith("PORT ");
    int smartPort = Integer.parseInt(first.substring(5).trim());
    MailFixture mail = new MailFixture(dir.resolve("mail"), "127.0.0.0/8");
    byte[] message = "From: alice@example.com\r\nSubject: relayed\r\n\r\nhello\r\n"
        .getBytes(StandardCharsets.ISO_8859_1);

    String line;
    try (ReactorThread real = new ReactorThread()) {
      RelayService relay = new RelayService(real.reactor(), mail.domains, mail.queue,
          Transmitter.smartHost(real.reactor(), "127.0.0.1", smartPort), "mail.example.com");
      real.reactor().callFromThread(relay::startService);
      int port = real.listenTCP(new ESMTPFactory(mail.smtp().build(), real.reactor()));

      SentMail sent = real.call(() -> SMTPClient.sendmail(real.reactor(), "127.0.0.1", port,
          "alice@example.com", List.of("bob@example.org", "nobody@example.org"), message,
          SenderOptions.defaults()));
      assertThat(sent.acceptedCount()).isEqualTo(2); // both queued for relay

      line = CompletableFuture.supplyAsync(() -> readLine(out)).get(30, TimeUnit.SECONDS);
      awaitTrue(() -> {
        try {
          return mail.queue.entries().isEmpty() && mail.messages("alice").size() == 1;
        } catch (Exception e) {
          return false;
        }
      });
      real.reactor().callFromThread(relay::stopService);
    }

    assertThat(line).as(stderr()).startsWith("MSG alice@example.com bob@example.org data ");
    String relayed = new String(HexFormat.of().parseHex(line.substring(line.lastIndexOf(' ') + 1)),
        StandardCharsets.ISO_8859_1);
    assertThat(relayed).startsWith("Received: ").endsWith("Subject: relayed\r\n\r\nhello\r\n");
    String bounce = new String(mail.messages("alice").get(0), StandardCharsets.ISO_8859_1);
    assertThat(bounce).contains("Final-Recipient: rfc822; nobody@example.org")
        .contains("Diagnostic-Code: smtp; 550 5.1.1 no such user")
        .doesNotContain("Final-Recipient: rfc822; bob@example.org");
  }

  /** Waits (20 s at most) for a condition another thread makes true. */
  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met in 20 s");
      }
      Thread.sleep(20);
    }
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
