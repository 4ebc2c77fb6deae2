package dev.torsion.names.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.internet.Address;
import dev.torsion.internet.DatagramProtocol;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.UDPPort;
import dev.torsion.names.DNSNameError;
import dev.torsion.names.DNSQueryTimeoutError;
import dev.torsion.names.MalformedMessageError;
import dev.torsion.names.Message;
import dev.torsion.names.Query;
import dev.torsion.names.RRHeader;
import dev.torsion.names.RRType;
import dev.torsion.names.RealDns;
import dev.torsion.names.Record;
import dev.torsion.names.server.BindAuthority;
import dev.torsion.names.server.DNSServerFactory;
import dev.torsion.names.server.ServerOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DNSClient over real loopback sockets, against Torsion's own server and scripted fakes. */
class DNSClientTest {
  private RealDns dns;

  @AfterEach
  void stop() throws Exception {
    if (dns != null) {
      dns.close();
    }
  }

  private RealDns ownServer() throws Exception {
    Path zone = Path.of(getClass().getResource("/dev/torsion/names/example.com.zone").toURI());
    BindAuthority authority = BindAuthority.load(zone);
    dns = new RealDns(r -> new DNSServerFactory(r, List.of(authority), null,
        ServerOptions.defaults().withResponsesPerSecond(0)));
    return dns;
  }

  private DNSClient clientOf(RealDns server, double timeout, int attempts) {
    return new DNSClient(server.reactor, List.of(new InetSocketAddress(
        InetAddress.getLoopbackAddress(), server.port())), timeout, attempts);
  }

  @Test
  void lookupAllRecordsGivesEveryTypeAtTheName() throws Exception {
    DNSClient c = clientOf(ownServer(), 2, 1);
    Result r = dns.call(() -> c.lookupAllRecords("mail.example.com"));
    assertThat(r.answers()).extracting(RRHeader::type).containsExactlyInAnyOrder(RRType.A,
        RRType.AAAA);
  }

  @Test
  void aTruncatedAnswerFromOurServerIsCompletedOverTcp() throws Exception {
    DNSClient c = clientOf(ownServer(), 2, 1);
    Result r = dns.call(() -> c.lookupText("big.example.com"));
    assertThat(r.answers()).hasSize(40);
  }

  @Test
  void aCachedNegativeAnswerOutlivesTheServer() throws Exception {
    RealDns server = ownServer();
    CacheResolver cache = new CacheResolver(server.reactor, clientOf(server, 0.3, 1));
    assertThatThrownBy(() -> server.call(() -> cache.lookupAddress("nothing.example.com")))
        .isInstanceOf(DNSNameError.class);
    Result web = server.call(() -> cache.lookupAddress("web.example.com"));
    server.call(() -> stopServing(server));
    assertThatThrownBy(() -> server.call(() -> cache.lookupAddress("nothing.example.com")))
        .isInstanceOf(DNSNameError.class);
    assertThat(server.call(() -> cache.lookupAddress("web.example.com")).answers())
        .isEqualTo(web.answers());
    assertThatThrownBy(() -> server.call(() -> cache.lookupAddress("ns1.example.com")))
        .as("not cached, and the server is gone").isInstanceOf(DNSQueryTimeoutError.class);
  }

  private static Deferred<Void> stopServing(RealDns server) {
    return server.stopServing();
  }

  /** A UDP "server" on the test reactor that answers each query through {@code script}. */
  private static UDPPort fake(RealDns r, Function<Message, List<byte[]>> script)
      throws Exception {
    DatagramProtocol p = new DatagramProtocol() {
      @Override
      public void datagramReceived(byte[] data, Address from) {
        for (byte[] out : script.apply(Message.fromBytes(data))) {
          transport.write(out, from);
        }
      }
    };
    return r.call(() -> Deferred.succeed(r.reactor.listenUDP(0, p, "127.0.0.1", 65535)));
  }

  private static InetSocketAddress at(UDPPort port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(),
        ((IPv4Address) port.getHost()).port());
  }

  private static Message answerTo(Message q) throws Exception {
    Message m = q.reply();
    m.getAnswers().add(new RRHeader(q.getQueries().get(0).name(), 60,
        new Record.A((java.net.Inet4Address) InetAddress.getByName("192.0.2.1"))));
    return m;
  }

  @Test
  void answersWithTheWrongIdOrQuestionAreIgnored() throws Exception {
    dns = new RealDns();
    UDPPort port = fake(dns, q -> {
      try {
        Message wrongId = answerTo(q).setId(q.getId() ^ 1);
        Message wrongQuestion = answerTo(q);
        wrongQuestion.getQueries().set(0, new Query("evil.example", RRType.A));
        Message notAnAnswer = answerTo(q).setAnswer(false);
        return List.of(wrongId.toBytes(), wrongQuestion.toBytes(), notAnAnswer.toBytes(),
            answerTo(q).toBytes());
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    DNSClient c = new DNSClient(dns.reactor, List.of(at(port)), 2, 1);
    Result r = dns.call(() -> c.lookupAddress("good.example"));
    assertThat(r.answers()).extracting(RRHeader::name).containsExactly("good.example");
  }

  @Test
  void eachQueryHasAFreshIdAndSourcePort() throws Exception {
    dns = new RealDns();
    Set<Integer> ids = new HashSet<>();
    List<Address> sources = new ArrayList<>();
    DatagramProtocol p = new DatagramProtocol() {
      @Override
      public void datagramReceived(byte[] data, Address from) {
        Message q = Message.fromBytes(data);
        ids.add(q.getId());
        sources.add(from);
        try {
          transport.write(answerTo(q).toBytes(), from);
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      }
    };
    UDPPort port = dns.call(() -> Deferred.succeed(dns.reactor.listenUDP(0, p, "127.0.0.1",
        65535)));
    DNSClient c = new DNSClient(dns.reactor, List.of(at(port)), 2, 1);
    for (int i = 0; i < 8; i++) {
      dns.call(() -> c.lookupAddress("h.example"));
    }
    assertThat(ids.size()).as("distinct ids of 8").isGreaterThanOrEqualTo(7);
    assertThat(new HashSet<>(sources).size()).as("distinct source ports of 8")
        .isGreaterThanOrEqualTo(7);
  }

  @Test
  void malformedAnswersFailTheLookupOnceEveryTryHasHadOne() throws Exception {
    dns = new RealDns();
    int[] queries = new int[1];
    UDPPort port = fake(dns, q -> {
      queries[0]++;
      byte[] bad = new byte[] {(byte) (q.getId() >> 8), (byte) q.getId(), (byte) 0x81, 0, 0, 1,
          0, 0, 0, 0, 0, 0, 0x3F}; // a question whose name runs past the end
      return List.of(bad);
    });
    DNSClient c = new DNSClient(dns.reactor, List.of(at(port)), 2, 2);
    assertThatThrownBy(() -> dns.call(() -> c.lookupAddress("h.example")))
        .isInstanceOf(MalformedMessageError.class);
    assertThat(queries[0]).isEqualTo(2);
  }

  @Test
  void cancellingALookupStopsItsRetries() throws Exception {
    dns = new RealDns();
    int[] queries = new int[1];
    UDPPort port = fake(dns, q -> {
      queries[0]++;
      return List.of();
    });
    DNSClient c = new DNSClient(dns.reactor, List.of(at(port)), 0.2, 5);
    Deferred<Message>[] d = new Deferred[1];
    dns.call(() -> {
      d[0] = c.query(new Query("h.example", RRType.A));
      d[0].addErrback(f -> null);
      d[0].cancel();
      return Deferred.succeed(null);
    });
    // A lookup past its first timeout would have asked again; wait that long on the reactor.
    dns.call(() -> {
      Deferred<Void> later = new Deferred<>();
      dns.reactor.callLater(0.5, () -> later.callback(null));
      return later;
    });
    assertThat(queries[0]).isLessThanOrEqualTo(1);
  }

  @Test
  void queriesOfferEdnsAndAServerThatRefusesItIsAskedAgainWithout() throws Exception {
    dns = new RealDns();
    List<Integer> offered = new ArrayList<>();
    UDPPort port = fake(dns, q -> {
      offered.add(q.getEdns() == null ? 0 : q.getEdns().udpPayloadSize());
      try {
        // A pre-EDNS server: FORMERR, without an OPT record, for any query that has one.
        return List.of(q.getEdns() != null
            ? q.reply().setRCode(Message.FORMERR).setEdns(null).toBytes()
            : answerTo(q).toBytes());
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    DNSClient c = new DNSClient(dns.reactor, List.of(at(port)), 2, 1);
    Result r = dns.call(() -> c.lookupAddress("old.example"));
    assertThat(r.answers()).hasSize(1);
    assertThat(offered).containsExactly(DNSClient.EDNS_UDP_SIZE, 0);
  }
}
