package dev.torsion.names.client;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.ReactorTime;
import dev.torsion.names.Message;
import dev.torsion.names.Query;
import dev.torsion.names.RRHeader;
import dev.torsion.names.Record;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Remembers answers for as long as their TTLs allow: Twisted's {@code cache.CacheResolver} in front
 * of another resolver. Positive answers live for their smallest TTL; NXDOMAIN and NODATA answers
 * for the SOA's negative TTL, min(SOA TTL, SOA MINIMUM) (RFC 2308 5), and not at all without an
 * SOA. A hit hands out the records with their TTLs counted down. Identical questions asked while
 * one is in flight share its answer instead of sending another packet.
 *
 * <pre>{@code
 * DNSResolver cached = new CacheResolver(reactor, DNSClient.fromResolvConf(reactor, conf));
 * cached.lookupAddress("example.com");   // asks upstream
 * cached.lookupAddress("example.com");   // answered from memory until the TTL runs out
 * }</pre>
 *
 * <p>SERVFAIL, truncated answers and failures are not cached. The cache holds at most {@link
 * #DEFAULT_MAX_ENTRIES} questions (configurable), dropping the least recently used.
 */
public final class CacheResolver implements DNSResolver {
  public static final int DEFAULT_MAX_ENTRIES = 10_000;
  /** RFC 2308 5: negative answers are cached for at most three hours. */
  static final long MAX_NEGATIVE_TTL = 3 * 3600;
  /** RFC 8767 4 suggests capping positive TTLs; a week is BIND's max-cache-ttl. */
  static final long MAX_TTL = 7 * 24 * 3600;

  private record Entry(Message response, double storedAt, long ttl) {}

  private final ReactorTime clock;
  private final DNSResolver upstream;
  private final Map<Query, Entry> cache;
  private final Map<Query, List<Deferred<Message>>> inFlight = new HashMap<>();

  /** A cache of up to {@link #DEFAULT_MAX_ENTRIES} answers in front of {@code upstream}. */
  public CacheResolver(ReactorTime clock, DNSResolver upstream) {
    this(clock, upstream, DEFAULT_MAX_ENTRIES);
  }

  public CacheResolver(ReactorTime clock, DNSResolver upstream, int maxEntries) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.upstream = Objects.requireNonNull(upstream, "upstream");
    this.cache = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Query, Entry> eldest) {
        return size() > maxEntries;
      }
    };
  }

  @Override
  public Deferred<Message> query(Query q) {
    Message hit = cached(q);
    if (hit != null) {
      return Deferred.succeed(hit);
    }
    List<Deferred<Message>> waiting = inFlight.get(q);
    if (waiting != null) {
      Deferred<Message> d = new Deferred<>(x -> waiting.remove(x));
      waiting.add(d);
      return d;
    }
    List<Deferred<Message>> mine = new ArrayList<>();
    inFlight.put(q, mine);
    Deferred<Message> first = new Deferred<>(x -> mine.remove(x));
    mine.add(first);
    upstream.query(q).addCallbacks(m -> {
      inFlight.remove(q);
      cacheResult(q, m);
      for (Deferred<Message> d : List.copyOf(mine)) {
        d.callback(copy(m, 0));
      }
      return null;
    }, f -> {
      inFlight.remove(q);
      for (Deferred<Message> d : List.copyOf(mine)) {
        d.errback(f.value());
      }
      return null;
    });
    return first;
  }

  /** Stores {@code response} as the answer to {@code q} if its rcode and TTLs allow it. */
  public void cacheResult(Query q, Message response) {
    long ttl = ttlFor(response);
    if (ttl > 0) {
      cache.put(q, new Entry(copy(response, 0), clock.seconds(), ttl));
    }
  }

  /** The cached answer to {@code q} with TTLs counted down, or null (expired entries go). */
  Message cached(Query q) {
    Entry e = cache.get(q);
    if (e == null) {
      return null;
    }
    long elapsed = (long) Math.floor(clock.seconds() - e.storedAt);
    if (elapsed >= e.ttl) {
      cache.remove(q);
      return null;
    }
    return copy(e.response, elapsed);
  }

  /** Questions held now, expired ones included until they are next asked. */
  public int size() {
    return cache.size();
  }

  /** Forgets everything. */
  public void clear() {
    cache.clear();
  }

  /** How long {@code m} may be cached, in seconds; 0 for not at all. */
  static long ttlFor(Message m) {
    if (m.isTrunc()) {
      return 0;
    }
    boolean nodata = m.getRCode() == Message.OK && m.getAnswers().isEmpty();
    if (m.getRCode() == Message.NXDOMAIN || nodata) {
      // RFC 2308 5: the negative TTL is the lesser of the SOA's TTL and its MINIMUM field.
      for (RRHeader rr : m.getAuthority()) {
        if (rr.payload() instanceof Record.SOA soa) {
          return Math.min(MAX_NEGATIVE_TTL, Math.min(rr.ttl(), soa.minimum()));
        }
      }
      return 0; // RFC 2308 5: without an SOA, do not cache the negative answer
    }
    if (m.getRCode() != Message.OK) {
      return 0;
    }
    long ttl = MAX_TTL;
    for (RRHeader rr : m.getAnswers()) {
      ttl = Math.min(ttl, rr.ttl());
    }
    return ttl;
  }

  /** A fresh message like {@code m}, each TTL less {@code elapsed} seconds. */
  private static Message copy(Message m, long elapsed) {
    Message c = new Message().setId(m.getId()).setAnswer(m.isAnswer()).setOpCode(m.getOpCode())
        .setAuth(elapsed == 0 && m.isAuth()).setTrunc(m.isTrunc()).setRecDes(m.isRecDes())
        .setRecAv(m.isRecAv()).setRCode(m.getRCode());
    c.getQueries().addAll(m.getQueries());
    for (RRHeader rr : m.getAnswers()) {
      c.getAnswers().add(rr.withTtl(Math.max(0, rr.ttl() - elapsed)));
    }
    for (RRHeader rr : m.getAuthority()) {
      c.getAuthority().add(rr.withTtl(Math.max(0, rr.ttl() - elapsed)));
    }
    for (RRHeader rr : m.getAdditional()) {
      c.getAdditional().add(rr.withTtl(Math.max(0, rr.ttl() - elapsed)));
    }
    return c;
  }
}
