package dev.torsion.mail.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.UDPPort;
import dev.torsion.mail.MailFixture;
import dev.torsion.trial.ReactorThread;
import dev.torsion.mail.smtp.MailAddress;
import dev.torsion.names.client.DNSClient;
import dev.torsion.names.server.BindAuthority;
import dev.torsion.names.server.DNSServerFactory;
import dev.torsion.names.server.ServerOptions;
import dev.torsion.trial.Peers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue runner finds mail exchangers with torsion-names: a Torsion DNS server on a free port
 * serves a zone whose preferred MX is down and whose second MX is aiosmtpd on 127.0.0.1, a
 * subdomain with only an A record (the implicit MX), and no record at all for a third domain.
 */
class MXInteropTest {
  /** Prints each message's recipients; exits after as many as argv[1] says. */
  static final String MX = String.join("\n",
      "import sys, socket, time",
      "from aiosmtpd.controller import Controller",
      "done = []",
      "class H:",
      "    async def handle_DATA(self, server, session, envelope):",
      "        print('MSG', ','.join(envelope.rcpt_tos), flush=True)",
      "        done.append(1); return '250 2.0.0 queued'",
      "s = socket.socket(); s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]; s.close()",
      "c = Controller(H(), hostname='127.0.0.1', port=port)",
      "c.start()",
      "print('PORT', port, flush=True)",
      "deadline = time.time() + 30",
      "while len(done) < int(sys.argv[1]) and time.time() < deadline: time.sleep(0.05)",
      "time.sleep(0.2); c.stop()");

  static final String ZONE = String.join("\n",
      "$ORIGIN example.org.",
      "$TTL 300",
      "@        IN SOA ns hostmaster 1 3600 600 86400 300",
      "@        IN NS  ns",
      "@        IN MX  10 mx",
      "@        IN MX  5 down",
      "ns       IN A   127.0.0.1",
      "mx       IN A   127.0.0.1",
      "down     IN A   127.0.0.2",
      "implicit IN A   127.0.0.1",
      "");

  @TempDir Path dir;
  Process mx;

  @AfterEach
  void stop() throws Exception {
    if (mx != null) {
      mx.destroy();
      if (!mx.waitFor(10, TimeUnit.SECONDS)) {
        mx.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void mailGoesToTheReachableMxTheImplicitMxAndBouncesForNoSuchDomain() throws Exception {
    String python = Peers.requirePython("aiosmtpd");
    mx = new ProcessBuilder(python, "-c", MX, "2")
        .redirectError(dir.resolve("stderr.txt").toFile()).start();
    BufferedReader out = new BufferedReader(
        new InputStreamReader(mx.getInputStream(), StandardCharsets.UTF_8));
    String first = CompletableFuture.supplyAsync(() -> readLine(out)).get(30, TimeUnit.SECONDS);
    assertThat(first).as("aiosmtpd did not start: " + stderr()).startsWith("PORT ");
    int smtpPort = Integer.parseInt(first.substring(5).trim());
    Path zone = dir.resolve("example.org.zone");
    Files.writeString(zone, ZONE);
    MailFixture mail = new MailFixture(dir.resolve("mail"));
    Path msg = dir.resolve("msg");
    Files.writeString(msg, "Subject: mx\r\n\r\nhello\r\n");

    List<String> lines = new ArrayList<>();
    try (ReactorThread real = new ReactorThread()) {
      DNSServerFactory dns = new DNSServerFactory(real.reactor(), List.of(BindAuthority.load(zone)),
          null, ServerOptions.defaults().withResponsesPerSecond(0));
      int dnsPort = real.call(() -> {
        ListeningPort tcp = real.reactor().listenTCP(0, dns, 50, "127.0.0.1");
        int p = ((IPv4Address) tcp.getHost()).port();
        UDPPort udp = real.reactor().listenUDP(p, dns.datagramProtocol(), "127.0.0.1", 65535);
        ports.add(tcp);
        udps.add(udp);
        return dev.torsion.internet.Deferred.succeed(p);
      });
      DNSClient resolver = new DNSClient(real.reactor(),
          List.of(new InetSocketAddress("127.0.0.1", dnsPort)), 2.0, 2);
      RelayService relay = new RelayService(real.reactor(), mail.domains, mail.queue,
          new MXTransmitter(real.reactor(), new MXCalculator(resolver), smtpPort), "mail.example.com");
      real.call(() -> {
        try {
          mail.queue.enqueue(MailAddress.parse("alice@example.com"),
              List.of(MailAddress.parse("bob@example.org"),
                  MailAddress.parse("carol@implicit.example.org"),
                  MailAddress.parse("dan@nxdomain.example.org")), msg);
        } catch (java.io.IOException e) {
          return dev.torsion.internet.Deferred.fail(e);
        }
        relay.startService();
        return dev.torsion.internet.Deferred.succeed(null);
      });
      lines.add(CompletableFuture.supplyAsync(() -> readLine(out)).get(30, TimeUnit.SECONDS));
      lines.add(CompletableFuture.supplyAsync(() -> readLine(out)).get(30, TimeUnit.SECONDS));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!(mail.queue.entries().isEmpty() && mail.messages("alice").size() == 1)) {
        assertThat(System.nanoTime()).as("queue not emptied in 20 s").isLessThan(deadline);
        Thread.sleep(20);
      }
      real.call(() -> {
        relay.stopService();
        ports.forEach(ListeningPort::stopListening);
        udps.forEach(UDPPort::stopListening);
        return dev.torsion.internet.Deferred.succeed(null);
      });
    }

    assertThat(lines).as(stderr())
        .containsExactlyInAnyOrder("MSG bob@example.org", "MSG carol@implicit.example.org");
    String bounce = new String(mail.messages("alice").get(0), StandardCharsets.ISO_8859_1);
    assertThat(bounce).contains("Final-Recipient: rfc822; dan@nxdomain.example.org")
        .contains("no such domain")
        .doesNotContain("Final-Recipient: rfc822; bob@example.org");
  }

  final List<ListeningPort> ports = new ArrayList<>();
  final List<UDPPort> udps = new ArrayList<>();

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
