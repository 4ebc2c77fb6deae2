package dev.torsion.names.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.task.Clock;
import dev.torsion.names.Message;
import dev.torsion.names.Query;
import dev.torsion.names.RRHeader;
import dev.torsion.names.RRType;
import dev.torsion.names.Record;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheResolverTest {
  private final Clock clock = new Clock();
  private final List<Query> asked = new ArrayList<>();
  private final List<Deferred<Message>> pending = new ArrayList<>();
  private Message next;

  /** Upstream: records each question; answers {@link #next} at once, or later if null. */
  private final DNSResolver upstream = q -> {
    asked.add(q);
    if (next == null) {
      Deferred<Message> d = new Deferred<>();
      pending.add(d);
      return d;
    }
    return Deferred.succeed(next);
  };

  private static Message answer(Query q, int rcode, List<RRHeader> answers,
      List<RRHeader> authority) {
    Message m = Message.query(7, q).reply().setRCode(rcode);
    m.getAnswers().addAll(answers);
    m.getAuthority().addAll(authority);
    return m;
  }

  private static RRHeader a(String name, long ttl) throws Exception {
    return new RRHeader(name, ttl, new Record.A((Inet4Address) InetAddress.getByName("192.0.2.1")));
  }

  private static RRHeader soa(long ttl, long minimum) {
    return new RRHeader("example.com", ttl, new Record.SOA("ns.example.com",
        "hostmaster.example.com", 1, 3600, 600, 86400, minimum));
  }

  private static Message result(Deferred<Message> d) {
    Message[] out = new Message[1];
    d.addCallback(m -> out[0] = m);
    assertThat(out[0]).as("fired").isNotNull();
    return out[0];
  }

  @Test
  void aPositiveAnswerIsServedFromMemoryWithItsTtlCountedDown() throws Exception {
    Query q = new Query("www.example.com", RRType.A);
    next = answer(q, Message.OK, List.of(a("www.example.com", 300)), List.of());
    CacheResolver cache = new CacheResolver(clock, upstream);
    result(cache.query(q));
    clock.advance(100.5);
    Message hit = result(cache.query(new Query("WWW.example.com", RRType.A)));
    assertThat(asked).hasSize(1);
    assertThat(hit.getAnswers().get(0).ttl()).isEqualTo(200);
  }

  @Test
  void anAnswerIsAskedAgainOnceItsSmallestTtlHasRunOut() throws Exception {
    Query q = new Query("www.example.com", RRType.A);
    next = answer(q, Message.OK, List.of(a("www.example.com", 300), a("www.example.com", 60)),
        List.of());
    CacheResolver cache = new CacheResolver(clock, upstream);
    result(cache.query(q));
    clock.advance(59);
    result(cache.query(q));
    assertThat(asked).hasSize(1);
    clock.advance(1);
    result(cache.query(q));
    assertThat(asked).hasSize(2);
  }

  @Test
  void nxdomainIsCachedForTheSoaMinimumWhenSmallerThanItsTtl() {
    Query q = new Query("nope.example.com", RRType.A);
    next = answer(q, Message.NXDOMAIN, List.of(), List.of(soa(3600, 30)));
    CacheResolver cache = new CacheResolver(clock, upstream);
    result(cache.query(q));
    clock.advance(29);
    assertThat(result(cache.query(q)).getRCode()).isEqualTo(Message.NXDOMAIN);
    assertThat(asked).hasSize(1);
    clock.advance(1);
    result(cache.query(q));
    assertThat(asked).hasSize(2);
  }

  @Test
  void nodataIsCachedForTheSoaTtlWhenSmallerThanItsMinimum() {
    Query q = new Query("www.example.com", RRType.MX);
    next = answer(q, Message.OK, List.of(), List.of(soa(20, 3600)));
    assertThat(CacheResolver.ttlFor(next)).isEqualTo(20);
  }

  @Test
  void aNegativeAnswerWithoutSoaIsNotCached() {
    Query q = new Query("nope.example.com", RRType.A);
    next = answer(q, Message.NXDOMAIN, List.of(), List.of());
    CacheResolver cache = new CacheResolver(clock, upstream);
    result(cache.query(q));
    result(cache.query(q));
    assertThat(asked).hasSize(2);
  }

  @Test
  void servfailAndTruncatedAnswersAreNotCached() throws Exception {
    Query q = new Query("www.example.com", RRType.A);
    assertThat(CacheResolver.ttlFor(answer(q, Message.SERVFAIL, List.of(), List.of())))
        .isZero();
    Message tc = answer(q, Message.OK, List.of(a("www.example.com", 300)), List.of());
    assertThat(CacheResolver.ttlFor(tc.setTrunc(true))).isZero();
  }

  @Test
  void identicalQuestionsInFlightShareOneUpstreamQuery() throws Exception {
    Query q = new Query("www.example.com", RRType.A);
    CacheResolver cache = new CacheResolver(clock, upstream);
    Deferred<Message> one = cache.query(q);
    Deferred<Message> two = cache.query(q);
    assertThat(asked).hasSize(1);
    pending.get(0).callback(answer(q, Message.OK, List.of(a("www.example.com", 300)),
        List.of()));
    assertThat(result(one).getAnswers()).hasSize(1);
    assertThat(result(two).getAnswers()).hasSize(1);
  }

  @Test
  void theCacheKeepsAtMostItsLimitDroppingTheLeastRecentlyUsed() throws Exception {
    CacheResolver cache = new CacheResolver(clock, upstream, 2);
    for (String n : List.of("a.example", "b.example", "c.example")) {
      Query q = new Query(n, RRType.A);
      next = answer(q, Message.OK, List.of(a(n, 300)), List.of());
      result(cache.query(q));
    }
    assertThat(cache.size()).isEqualTo(2);
    result(cache.query(new Query("a.example", RRType.A)));
    assertThat(asked).hasSize(4);
  }
}
