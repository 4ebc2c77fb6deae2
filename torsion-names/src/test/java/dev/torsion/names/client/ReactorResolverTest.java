package dev.torsion.names.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.DNSLookupError;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.names.DNSServerError;
import dev.torsion.names.Message;
import dev.torsion.names.Query;
import dev.torsion.names.RRHeader;
import dev.torsion.names.RRType;
import dev.torsion.names.Record;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReactorResolverTest {
  private final List<Query> asked = new ArrayList<>();

  /** A resolver that knows a few names and says NXDOMAIN for the rest. */
  private DNSResolver zone(Map<Query, List<RRHeader>> known) {
    return q -> {
      asked.add(q);
      Message m = Message.query(1, q).reply();
      List<RRHeader> rrs = known.get(q);
      if (rrs == null) {
        boolean exists = known.keySet().stream().anyMatch(k -> k.name().equals(q.name()));
        return Deferred.succeed(m.setRCode(exists ? Message.OK : Message.NXDOMAIN));
      }
      m.getAnswers().addAll(rrs);
      return Deferred.succeed(m);
    };
  }

  private static RRHeader a(String name, String ip) throws Exception {
    return new RRHeader(name, 60, new Record.A((Inet4Address) InetAddress.getByName(ip)));
  }

  private static RRHeader aaaa(String name, String ip) throws Exception {
    return new RRHeader(name, 60, new Record.AAAA((Inet6Address) InetAddress.getByName(ip)));
  }

  private static Object outcome(Deferred<List<InetAddress>> d) {
    Object[] out = new Object[1];
    d.addCallbacks(v -> out[0] = v, f -> out[0] = f);
    return out[0];
  }

  @Test
  void ipv4AddressesComeFirstThenIpv6() throws Exception {
    ReactorResolver r = new ReactorResolver(zone(Map.of(
        new Query("h.example", RRType.A), List.of(a("h.example", "192.0.2.1")),
        new Query("h.example", RRType.AAAA), List.of(aaaa("h.example", "2001:db8::1")))));
    assertThat(outcome(r.resolve("h.example"))).isEqualTo(List.of(
        InetAddress.getByName("192.0.2.1"), InetAddress.getByName("2001:db8::1")));
  }

  @Test
  void literalsAreAnsweredWithoutAQuery() throws Exception {
    ReactorResolver r = new ReactorResolver(zone(Map.of()));
    assertThat(outcome(r.resolve("[::1]"))).isEqualTo(List.of(InetAddress.getByName("::1")));
    assertThat(outcome(r.resolve("10.1.2.3"))).isEqualTo(
        List.of(InetAddress.getByName("10.1.2.3")));
    assertThat(asked).isEmpty();
  }

  @Test
  void aShortNameTriesTheSearchDomainsFirst() throws Exception {
    ReactorResolver r = new ReactorResolver(zone(Map.of(
        new Query("db.b.example", RRType.A), List.of(a("db.b.example", "192.0.2.9")))),
        List.of("a.example", "b.example"), 1);
    assertThat(r.candidates("db")).containsExactly("db.a.example", "db.b.example", "db");
    assertThat(r.candidates("db.x")).containsExactly("db.x", "db.x.a.example",
        "db.x.b.example");
    assertThat(r.candidates("db.x.")).containsExactly("db.x");
    assertThat(outcome(r.resolve("db"))).isEqualTo(List.of(InetAddress.getByName("192.0.2.9")));
  }

  @Test
  void aCnameWhoseTargetIsNotInTheAnswerIsFollowedWithAnotherQuery() throws Exception {
    ReactorResolver r = new ReactorResolver(zone(Map.of(
        new Query("alias.example", RRType.A),
        List.of(new RRHeader("alias.example", 60, new Record.CNAME("real.example.net"))),
        new Query("real.example.net", RRType.A), List.of(a("real.example.net", "192.0.2.5")))));
    assertThat(outcome(r.resolve("alias.example."))).isEqualTo(
        List.of(InetAddress.getByName("192.0.2.5")));
  }

  @Test
  void aCnameLoopEndsInALookupError() throws Exception {
    ReactorResolver r = new ReactorResolver(zone(Map.of(
        new Query("x.example", RRType.A),
        List.of(new RRHeader("x.example", 60, new Record.CNAME("y.example"))),
        new Query("y.example", RRType.A),
        List.of(new RRHeader("y.example", 60, new Record.CNAME("x.example"))))));
    Object out = outcome(r.resolve("x.example."));
    assertThat(out).isInstanceOf(Failure.class);
    assertThat(((Failure) out).value()).isInstanceOf(DNSLookupError.class);
    assertThat(asked.size()).isLessThan(2 * (Chase.MAX_HOPS + 2));
  }

  @Test
  void anUnknownNameIsADnsLookupErrorNamingTheHost() {
    ReactorResolver r = new ReactorResolver(zone(Map.of()));
    Object out = outcome(r.resolve("nope.example"));
    assertThat(((Failure) out).value()).isInstanceOf(DNSLookupError.class)
        .hasMessageContaining("nope.example");
  }

  @Test
  void aServerFailureIsReportedRatherThanNxdomain() {
    DNSResolver broken = q -> Deferred.fail(new DNSServerError(q + ": SERVFAIL"));
    Object out = outcome(new ReactorResolver(broken).resolve("h.example"));
    assertThat(((Failure) out).value()).isInstanceOf(DNSLookupError.class)
        .hasMessageContaining("SERVFAIL").hasCauseInstanceOf(DNSServerError.class);
  }
}
