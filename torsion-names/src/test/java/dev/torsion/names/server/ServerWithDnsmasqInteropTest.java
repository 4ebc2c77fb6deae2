package dev.torsion.names.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.names.Dnsmasq;
import dev.torsion.names.RealDns;
import dev.torsion.names.client.CacheResolver;
import dev.torsion.names.client.DNSClient;
import dev.torsion.trial.Peers;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our server between two real programs: dnsmasq as the primary it transfers a zone from, or the
 * upstream it forwards to, and dig as the client asking it.
 */
class ServerWithDnsmasqInteropTest {
  @TempDir Path dir;
  private Dnsmasq dnsmasq;
  private RealDns server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (dnsmasq != null) {
      dnsmasq.close();
    }
  }

  private String dig(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Peers.require("dig"), "@127.0.0.1", "-p",
        String.valueOf(server.port()), "+time=3", "+tries=1"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectInput(new File("/dev/null")).start();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("dig did not finish: " + cmd);
    }
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        .replaceAll("[ \t]+", " ");
  }

  @Test
  void aSecondaryTransfersFromDnsmasqAndAnswersDigWithAuthority() throws Exception {
    Peers.require("dig");
    dnsmasq = Dnsmasq.startTestZone(dir);
    SecondaryAuthority[] secondary = new SecondaryAuthority[1];
    server = new RealDns(r -> {
      secondary[0] = new SecondaryAuthority(r, "test", dnsmasq.address());
      return new DNSServerFactory(r, List.of(secondary[0]), null,
          ServerOptions.defaults().withResponsesPerSecond(0));
    });
    CompletableFuture<Void> loaded = new CompletableFuture<>();
    server.reactor.callFromThread(() -> {
      secondary[0].startService();
      awaitZone(server.reactor, secondary[0], loaded, 200);
    });
    loaded.get(20, TimeUnit.SECONDS);

    String mx = dig("+norec", "test", "MX");
    assertThat(mx).contains("status: NOERROR").containsPattern("flags: qr aa[ ;]")
        .contains("test. 600 IN MX 10 mail.test.");
    assertThat(dig("+norec", "nope.test", "A")).contains("status: NXDOMAIN")
        .contains("test. 600 IN SOA ns1.test. hostmaster.test. 2026");
    String axfr = dig("test", "AXFR");
    assertThat(axfr.lines().filter(l -> l.contains(" IN SOA ")).count()).isEqualTo(2);
    assertThat(axfr).contains("web.test. 600 IN A 127.0.0.1");
    server.call(() -> {
      secondary[0].stopService();
      return dev.torsion.internet.Deferred.succeed(null);
    });
  }

  /** Polls on the reactor (every 0.1 s, {@code tries} times) until the zone has arrived. */
  private static void awaitZone(dev.torsion.internet.Reactor reactor, SecondaryAuthority s,
      CompletableFuture<Void> done, int tries) {
    if (s.zone() != null) {
      done.complete(null);
    } else if (tries == 0) {
      done.completeExceptionally(new AssertionError("no zone transferred"));
    } else {
      reactor.callLater(0.1, () -> awaitZone(reactor, s, done, tries - 1));
    }
  }

  @Test
  void aCachingForwarderAnswersFromDnsmasqAndThenFromItsCache() throws Exception {
    Peers.require("dig");
    dnsmasq = Dnsmasq.startTestZone(dir);
    server = new RealDns(r -> new DNSServerFactory(r, List.of(),
        new CacheResolver(r, new DNSClient(r, List.of(dnsmasq.address()), 1, 1)),
        ServerOptions.defaults().withRecursive(true).withResponsesPerSecond(0)));
    String first = dig("www.test", "A");
    assertThat(first).contains("status: NOERROR").containsPattern("flags: qr rd ra[ ;]")
        .contains("www.test. 600 IN CNAME web.test.").contains("web.test. 600 IN A 127.0.0.1");
    assertThat(dig("nope.test", "A")).contains("status: NXDOMAIN");
    dnsmasq.close();
    dnsmasq = null;
    assertThat(dig("www.test", "A")).as("from the cache").contains("status: NOERROR")
        .contains("web.test. 6").contains("IN A 127.0.0.1");
    assertThat(dig("nope.test", "A")).as("negative cache").contains("status: NXDOMAIN");
    assertThat(dig("web.test", "MX")).as("never asked, upstream gone")
        .contains("status: SERVFAIL");
  }

  @Test
  void withoutUpstreamANameOutsideOurZonesIsRefused() throws Exception {
    Peers.require("dig");
    server = new RealDns(r -> new DNSServerFactory(r, List.of(), null,
        ServerOptions.defaults()));
    assertThat(dig("www.test", "A")).contains("status: REFUSED");
  }
}
