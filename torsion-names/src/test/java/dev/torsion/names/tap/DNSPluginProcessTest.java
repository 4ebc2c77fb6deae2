package dev.torsion.names.tap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.runner.TorsionProcess;
import dev.torsion.trial.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code ./torsion dns} launcher, asked by dig. */
class DNSPluginProcessTest {
  static final String LISTENING = "listening on udp\\+tcp:(\\d+)";

  @TempDir Path dir;

  private Path zone() throws Exception {
    return Files.writeString(dir.resolve("example.org.zone"), """
        $TTL 300
        @ IN SOA ns hostmaster 7 3600 600 86400 60
          IN NS ns
        ns  IN A 192.0.2.1
        www IN A 192.0.2.80
        """);
  }

  private String dig(int port, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(Peers.require("dig"), "@127.0.0.1",
        "-p", String.valueOf(port), "+time=3", "+tries=1"));
    cmd.addAll(List.of(args));
    TorsionProcess dig = TorsionProcess.exec(dir, cmd);
    assertThat(dig.waitFor()).as(dig.output()).isZero();
    return String.join("\n", dig.stdout()).replaceAll("[ \t]+", " ");
  }

  @Test
  void servesABindZoneOverUdpAndTcpOnOnePort() throws Exception {
    Peers.require("dig");
    try (TorsionProcess dns = TorsionProcess.start(dir, "dns", "--port", "0", "--interface",
        "127.0.0.1", "--bindzone", zone().toString())) {
      int port = Integer.parseInt(dns.awaitLine(LISTENING).group(1));
      assertThat(dig(port, "+norec", "www.example.org", "A"))
          .containsPattern("flags: qr aa[ ;]").contains("www.example.org. 300 IN A 192.0.2.80");
      assertThat(dig(port, "+tcp", "www.example.org", "A"))
          .contains("www.example.org. 300 IN A 192.0.2.80");
      assertThat(dig(port, "example.net", "A")).contains("status: REFUSED");
      dns.terminate();
      assertThat(dns.waitFor()).isZero();
    }
  }

  @Test
  void aZoneFileErrorIsOneLineNamingFileAndLine() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.zone"), """
        $TTL 300
        @ IN SOA ns hostmaster 7 3600 600 86400 60
        www IN A 999.1.2.3
        """);
    TorsionProcess dns = TorsionProcess.start(dir, "dns", "--port", "0", "--bindzone",
        bad.toString());
    assertThat(dns.waitFor()).isEqualTo(1);
    assertThat(dns.stderr()).hasSize(1);
    assertThat(dns.stderr().get(0)).contains("bad.zone:3");
  }

  @Test
  void aSecondaryWithAHostNameIsAUsageError() throws Exception {
    TorsionProcess dns = TorsionProcess.start(dir, "dns", "--port", "0", "--secondary",
        "example.com@primary.example");
    assertThat(dns.waitFor()).isEqualTo(2);
    assertThat(dns.stderr()).hasSize(1);
    assertThat(dns.stderr().get(0)).contains("--secondary").contains("IP address");
  }

  @Test
  void cacheWithoutRecursiveIsAUsageError() throws Exception {
    TorsionProcess dns = TorsionProcess.start(dir, "dns", "--port", "0", "--cache");
    assertThat(dns.waitFor()).isEqualTo(2);
    assertThat(dns.stderr()).hasSize(1);
    assertThat(dns.stderr().get(0)).contains("--cache needs --recursive");
  }
}
