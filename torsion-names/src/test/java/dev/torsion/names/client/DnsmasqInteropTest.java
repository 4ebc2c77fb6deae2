package dev.torsion.names.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.internet.ClientFactory;
import dev.torsion.internet.Connector;
import dev.torsion.internet.DNSLookupError;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.endpoints.HostnameEndpoint;
import dev.torsion.names.DNSNameError;
import dev.torsion.names.Dnsmasq;
import dev.torsion.names.RRHeader;
import dev.torsion.names.RRType;
import dev.torsion.names.RealDns;
import dev.torsion.names.Record;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Torsion's client resolver against dnsmasq, a real DNS server, serving zone "test". */
class DnsmasqInteropTest {
  static final String LONG = Dnsmasq.LONG;

  @TempDir static Path dir;
  private static Dnsmasq dnsmasq;
  private static RealDns reactor;
  private static DNSClient client;

  static Dnsmasq startDnsmasq(Path dir) throws Exception {
    return Dnsmasq.startTestZone(dir);
  }

  @BeforeAll
  static void start() throws Exception {
    dnsmasq = startDnsmasq(dir);
    reactor = new RealDns();
    client = new DNSClient(reactor.reactor, List.of(dnsmasq.address()), 2, 2);
  }

  @AfterAll
  static void stop() throws Exception {
    if (reactor != null) {
      reactor.close();
    }
    if (dnsmasq != null) {
      dnsmasq.close();
    }
  }

  private static <T extends Record> T only(Result r, Class<T> type) {
    List<T> found = r.answers().stream().map(RRHeader::payload).filter(type::isInstance)
        .map(type::cast).toList();
    assertThat(found).as("%s in %s", type.getSimpleName(), r.answers()).hasSize(1);
    return found.get(0);
  }

  @Test
  void lookupAddressGivesTheARecordAndItsTtl() throws Exception {
    Result r = reactor.call(() -> client.lookupAddress("web.test"));
    assertThat(only(r, Record.A.class).address().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(r.answers().get(0).ttl()).isEqualTo(600);
  }

  @Test
  void lookupIPV6AddressGivesTheAaaaRecord() throws Exception {
    Result r = reactor.call(() -> client.lookupIPV6Address("web.test"));
    assertThat(only(r, Record.AAAA.class).address()).isEqualTo(InetAddress.getByName("::1"));
  }

  @Test
  void lookupMailExchangeGivesPreferenceAndHost() throws Exception {
    Result r = reactor.call(() -> client.lookupMailExchange("test"));
    assertThat(only(r, Record.MX.class)).isEqualTo(new Record.MX(10, "mail.test"));
  }

  @Test
  void lookupNameserversGivesTheZonesNs() throws Exception {
    Result r = reactor.call(() -> client.lookupNameservers("test"));
    assertThat(only(r, Record.NS.class).name()).isEqualTo("ns1.test");
  }

  @Test
  void lookupCanonicalNameGivesTheAlias() throws Exception {
    Result r = reactor.call(() -> client.lookupCanonicalName("www.test"));
    assertThat(only(r, Record.CNAME.class).name()).isEqualTo("web.test");
  }

  @Test
  void lookupPointerGivesTheReverseName() throws Exception {
    Result r = reactor.call(() -> client.lookupPointer("1.0.0.127.in-addr.arpa"));
    assertThat(only(r, Record.PTR.class).name()).isEqualTo("web.test");
  }

  @Test
  void lookupTextGivesTheStrings() throws Exception {
    Result r = reactor.call(() -> client.lookupText("test"));
    assertThat(only(r, Record.TXT.class).strings()).containsExactly("v=spf1 -all");
  }

  @Test
  void lookupServiceGivesPriorityWeightPortTarget() throws Exception {
    Result r = reactor.call(() -> client.lookupService("_http._tcp.test"));
    assertThat(only(r, Record.SRV.class)).isEqualTo(new Record.SRV(1, 2, 8080, "web.test"));
  }

  @Test
  void lookupAuthorityGivesTheSoa() throws Exception {
    Result r = reactor.call(() -> client.lookupAuthority("test"));
    Record.SOA soa = only(r, Record.SOA.class);
    assertThat(soa.rname()).isEqualTo("hostmaster.test");
    assertThat(soa.serial()).isEqualTo(2026);
  }

  @Test
  void getHostByNameFollowsTheCname() throws Exception {
    assertThat(reactor.call(() -> client.getHostByName("www.test"))).isEqualTo("127.0.0.1");
  }

  @Test
  void nxdomainFailsWithDnsNameError() {
    assertThatThrownBy(() -> reactor.call(() -> client.lookupAddress("nope.test")))
        .isInstanceOf(DNSNameError.class).hasMessageContaining("nope.test");
  }

  @Test
  void truncatedUdpAnswerIsAskedAgainOverTcp() throws Exception {
    Result r = reactor.call(() -> client.lookupText("big.test"));
    assertThat(only(r, Record.TXT.class).strings()).hasSize(7).containsOnly(LONG);
  }

  @Test
  void aSilentFirstServerIsSkippedAfterItsTimeout() throws Exception {
    try (java.net.DatagramSocket silent = new java.net.DatagramSocket(0,
        InetAddress.getLoopbackAddress())) {
      InetSocketAddress dead = new InetSocketAddress(InetAddress.getLoopbackAddress(),
          silent.getLocalPort());
      DNSClient two = new DNSClient(reactor.reactor, List.of(dead, dnsmasq.address()), 0.3, 1);
      Result r = reactor.call(() -> two.lookupAddress("web.test"));
      assertThat(only(r, Record.A.class).address().getHostAddress()).isEqualTo("127.0.0.1");
    }
  }

  @Test
  void zoneTransferGivesEveryRecordSoaFirst() throws Exception {
    // A dnsmasq of its own: dnsmasq 2.90 answers NXDOMAIN for its --cname names after an AXFR.
    List<RRHeader> zone;
    try (Dnsmasq primary = startDnsmasq(dir)) {
      zone = reactor.call(() -> DNSClient.transferZone(reactor.reactor, primary.address(),
          "test", 5));
    }
    assertThat(zone.get(0).payload()).isInstanceOf(Record.SOA.class);
    assertThat(zone).extracting(RRHeader::payload)
        .contains(new Record.MX(10, "mail.test"), new Record.NS("ns1.test"));
    assertThat(zone.stream().filter(rr -> rr.type() == RRType.SOA)).hasSize(1);
  }

  @Test
  void installedReactorResolverLetsConnectTcpUseANameWithSearchDomain() throws Exception {
    Path conf = dir.resolve("resolv.conf");
    Files.writeString(conf, "nameserver 127.0.0.1#" + dnsmasq.port() + "\nsearch test\n");
    Path hosts = dir.resolve("hosts");
    Files.writeString(hosts, "127.0.0.1 fromhosts.invalid\n");
    ListeningPort server = reactor.call(() -> Deferred.succeed(reactor.reactor.listenTCP(0,
        Factory.forProtocol(Protocol::new), 5, "127.0.0.1")));
    int port = ((IPv4Address) server.getHost()).port();
    try {
      reactor.call(() -> {
        ReactorResolver.install(reactor.reactor, conf, hosts);
        return Deferred.succeed(null);
      });
      // "web" has no dot: the search domain makes it web.test.
      assertThat(reactor.call(() -> connect("web", port)))
          .isEqualTo(new IPv4Address("TCP", "127.0.0.1", port));
      assertThat(reactor.call(() -> connect("fromhosts.invalid", port)))
          .isEqualTo(new IPv4Address("TCP", "127.0.0.1", port));
      Protocol viaEndpoint = reactor.call(() ->
          new HostnameEndpoint(reactor.reactor, "www.test", port)
              .connect(Factory.forProtocol(Protocol::new)));
      assertThat(viaEndpoint.getTransport().getPeer().toString()).contains(String.valueOf(port));
      viaEndpoint.getTransport().loseConnection();
      assertThatThrownBy(() -> reactor.call(() -> reactor.reactor.getResolver()
          .resolve("nope.test."))).isInstanceOf(DNSLookupError.class)
          .hasMessageContaining("nope.test");
    } finally {
      reactor.call(() -> server.stopListening());
    }
  }

  /** Connects by name and gives the peer address it reached, then hangs up. */
  private static Deferred<Object> connect(String host, int port) {
    Deferred<Object> d = new Deferred<>();
    reactor.reactor.connectTCP(host, port, new ClientFactory(() -> new Protocol() {
      @Override
      public void connectionMade() {
        d.callback(transport.getPeer());
        transport.loseConnection();
      }
    }) {
      @Override
      public void clientConnectionFailed(Connector c, Failure reason) {
        d.errback(reason.value());
      }
    }, 5, null);
    return d;
  }
}
