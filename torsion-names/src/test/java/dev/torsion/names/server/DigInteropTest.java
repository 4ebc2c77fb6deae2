package dev.torsion.names.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.names.RealDns;
import dev.torsion.trial.Peers;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** BIND's dig, a real client, against our authoritative server from a zone file. */
class DigInteropTest {
  private static RealDns server;
  private static String dig;

  @BeforeAll
  static void start() throws Exception {
    dig = Peers.require("dig");
    Path zone = Path.of(DigInteropTest.class.getResource("/dev/torsion/names/example.com.zone")
        .toURI());
    BindAuthority authority = BindAuthority.load(zone);
    server = new RealDns(r -> new DNSServerFactory(r, List.of(authority), null,
        ServerOptions.defaults().withResponsesPerSecond(0)));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  static String dig(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(dig, "@127.0.0.1", "-p",
        String.valueOf(server.port()), "+norec", "+time=3", "+tries=1"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectInput(new File("/dev/null")).start();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("dig did not finish: " + cmd);
    }
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  /** The answer lines dig prints, with runs of blanks as one space. */
  static String answers(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("+noall", "+answer"));
    all.addAll(List.of(args));
    return dig(all.toArray(String[]::new)).replaceAll("[ \t]+", " ");
  }

  @Test
  void everyRecordTypeOverUdp() throws Exception {
    assertThat(answers("example.com", "SOA")).contains(
        "example.com. 3600 IN SOA ns1.example.com. hostmaster.example.com. 2026120301 3600 600"
            + " 86400 300");
    assertThat(answers("example.com", "NS")).contains("IN NS ns1.example.com.")
        .contains("IN NS ns2.example.com.");
    assertThat(answers("example.com", "MX")).contains("IN MX 10 mail.example.com.");
    assertThat(answers("web.example.com", "A")).contains("web.example.com. 3600 IN A 192.0.2.80");
    assertThat(answers("web.example.com", "AAAA")).contains("IN AAAA 2001:db8::80");
    assertThat(answers("ns2.example.com", "A")).contains("ns2.example.com. 300 IN A 192.0.2.2");
    assertThat(answers("_sip._tcp.example.com", "SRV"))
        .contains("IN SRV 10 60 5060 sip.example.com.");
    assertThat(answers("sip.example.com", "NAPTR"))
        .contains("IN NAPTR 100 10 \"S\" \"SIP+D2T\" \"\" _sip._tcp.example.com.");
    assertThat(answers("example.com", "CAA")).contains("IN CAA 0 issue \"letsencrypt.org\"");
    assertThat(answers("box.example.com", "HINFO")).contains("IN HINFO \"x86_64\" \"Debian\"");
    assertThat(answers("1.2.0.192.in-addr.example.com", "PTR"))
        .contains("IN PTR ns1.example.com.");
    assertThat(answers("old.example.com", "DNAME")).contains("IN DNAME new.example.net.");
    assertThat(answers("opaque.example.com", "TYPE65280"))
        .contains("TYPE65280 \\# 4 DEADBEEF");
    assertThat(answers("example.com", "TXT")).contains("\"v=spf1 -all\" \"second string\"");
  }

  @Test
  void cnameIsChasedInsideTheZoneWithAuthority() throws Exception {
    String out = dig("www.example.com", "A");
    assertThat(out).contains("status: NOERROR").containsPattern("flags: qr aa[ ;]");
    String ans = answers("www.example.com", "A");
    assertThat(ans).contains("www.example.com. 3600 IN CNAME web.example.com.")
        .contains("web.example.com. 3600 IN A 192.0.2.80");
  }

  @Test
  void dnameSynthesizesACname() throws Exception {
    assertThat(answers("host.old.example.com", "A"))
        .contains("IN DNAME new.example.net.")
        .contains("host.old.example.com. 3600 IN CNAME host.new.example.net.");
  }

  @Test
  void everyRecordTypeOverTcp() throws Exception {
    assertThat(answers("+tcp", "example.com", "MX")).contains("IN MX 10 mail.example.com.");
    assertThat(answers("+tcp", "mail.example.com", "AAAA")).contains("IN AAAA 2001:db8::25");
    assertThat(answers("+tcp", "_sip._tcp.example.com", "SRV")).contains("5060 sip.example.com.");
  }

  @Test
  void mxAnswerCarriesGlueInAdditional() throws Exception {
    String out = dig("+noall", "+additional", "example.com", "MX").replaceAll("[ \t]+", " ");
    assertThat(out).contains("mail.example.com. 3600 IN A 192.0.2.25")
        .contains("mail.example.com. 3600 IN AAAA 2001:db8::25");
  }

  @Test
  void nxdomainCarriesTheSoaWithItsNegativeTtl() throws Exception {
    String out = dig("nothing.example.com", "A").replaceAll("[ \t]+", " ");
    assertThat(out).contains("status: NXDOMAIN").containsPattern("flags: qr aa[ ;]")
        .contains("example.com. 300 IN SOA ns1.example.com.");
  }

  @Test
  void nodataIsNoerrorWithTheSoa() throws Exception {
    String out = dig("web.example.com", "MX").replaceAll("[ \t]+", " ");
    assertThat(out).contains("status: NOERROR").contains("ANSWER: 0")
        .contains("example.com. 300 IN SOA");
  }

  @Test
  void emptyNonTerminalIsNodataNotNxdomain() throws Exception {
    String out = dig("_tcp.example.com", "A");
    assertThat(out).contains("status: NOERROR").contains("ANSWER: 0");
  }

  @Test
  void bigAnswerIsTruncatedOverUdpAndDigRetriesOverTcp() throws Exception {
    String udpOnly = dig("+ignore", "+noedns", "big.example.com", "TXT");
    assertThat(udpOnly).containsPattern("flags: qr aa tc[ ;]").contains("ANSWER: 0");
    String retried = answers("+noedns", "big.example.com", "TXT");
    assertThat(retried.lines().filter(l -> l.contains("record number")).count()).isEqualTo(40);
  }

  @Test
  void ednsSizeLetsABiggerAnswerThroughUdp() throws Exception {
    String out = dig("+ignore", "+bufsize=1232", "example.com", "NS");
    assertThat(out).doesNotContainPattern("flags: [a-z ]*tc").contains("ANSWER: 2")
        .contains("udp: 1232");
  }

  @Test
  void axfrOverTcpGivesTheWholeZoneBetweenTwoSoas() throws Exception {
    String out = dig("example.com", "AXFR").replaceAll("[ \t]+", " ");
    long soas = out.lines().filter(l -> l.contains(" IN SOA ")).count();
    assertThat(soas).isEqualTo(2);
    assertThat(out).contains("sip.example.com. 3600 IN A 192.0.2.50")
        .contains("record number 39").doesNotContain("Transfer failed");
  }

  @Test
  void aZoneWeDoNotServeIsRefused() throws Exception {
    String out = dig("example.org", "A");
    assertThat(out).contains("status: REFUSED").doesNotContainPattern("flags: [a-z ]* ra");
  }

  @Test
  void anyGivesEveryTypeAtTheName() throws Exception {
    String ans = answers("mail.example.com", "ANY");
    assertThat(ans).contains("IN A 192.0.2.25").contains("IN AAAA 2001:db8::25");
  }

  @Test
  void unknownOpcodeIsNotimp() throws Exception {
    String out = dig("+opcode=status", "example.com", "A");
    assertThat(out).contains("status: NOTIMP");
  }

  @Test
  void ednsVersionOneIsBadvers() throws Exception {
    String out = dig("+edns=1", "+noednsneg", "example.com", "A");
    assertThat(out).contains("status: BADVERS");
  }
}
