package dev.torsion.names.server;

import dev.torsion.internet.Address;
import dev.torsion.internet.DatagramProtocol;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import dev.torsion.names.Edns;
import dev.torsion.names.MalformedMessageError;
import dev.torsion.names.Message;
import dev.torsion.names.Query;
import dev.torsion.names.RRHeader;
import dev.torsion.names.RRType;
import dev.torsion.names.client.DNSResolver;
import dev.torsion.names.internal.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DNS server: Twisted's {@code server.DNSServerFactory}. It answers from its authorities, and
 * for other names either through an upstream resolver (a forwarder, cache or hosts file) or with
 * REFUSED. The
 * factory serves TCP; {@link #datagramProtocol()} gives the UDP side, which shares the logic.
 *
 * <pre>{@code
 * DNSServerFactory f = new DNSServerFactory(reactor, List.of(BindAuthority.load(zone)), null,
 *     ServerOptions.defaults());
 * reactor.listenTCP(5353, f);
 * reactor.listenUDP(5353, f.datagramProtocol());
 * }</pre>
 */
public class DNSServerFactory extends Factory {
  private static final Logger LOG = LoggerFactory.getLogger(DNSServerFactory.class);
  /** Records per AXFR message; keeps each well under 64 KiB. */
  private static final int AXFR_CHUNK = 100;

  private final Reactor reactor;
  private final List<Authority> authorities;
  private final DNSResolver upstream;
  private final ServerOptions options;

  /**
   * {@code upstream}, which may be null, answers names outside the authorities: a forwarding
   * {@link dev.torsion.names.client.DNSClient} (with {@code options.recursive()}, which sets RA),
   * a {@link dev.torsion.names.client.CacheResolver} in front of it, a hosts file, or a chain.
   * Without one such names are REFUSED.
   */
  public DNSServerFactory(Reactor reactor, List<Authority> authorities, DNSResolver upstream,
      ServerOptions options) {
    super(() -> null);
    this.reactor = Objects.requireNonNull(reactor, "reactor");
    this.authorities = List.copyOf(authorities);
    this.upstream = upstream;
    this.options = Objects.requireNonNull(options, "options");
  }

  @Override
  public Protocol buildProtocol(Address addr) {
    DNSServerProtocol p = new DNSServerProtocol(this, reactor, options);
    p.setFactory(this);
    return p;
  }

  /** The UDP side of this server, to pass to {@code reactor.listenUDP}. */
  public DatagramProtocol datagramProtocol() {
    return new DNSDatagramServer(this, reactor, options);
  }

  public ServerOptions options() {
    return options;
  }

  /**
   * The response(s) to a raw query; an empty list means send nothing. Several messages only for
   * AXFR over TCP.
   */
  Deferred<List<Message>> handleBytes(byte[] raw, boolean tcp) {
    Message query;
    try {
      query = Message.fromBytes(raw);
    } catch (MalformedMessageError e) {
      return Deferred.succeed(formErr(raw));
    }
    if (query.isAnswer()) {
      return Deferred.succeed(List.of()); // never answer a response (RFC 1035 4.1.1)
    }
    return handleQuery(query, tcp);
  }

  /** FORMERR for bytes we cannot read: their id if there is one, nothing if not even that. */
  private static List<Message> formErr(byte[] raw) {
    if (raw.length < 2 || (raw.length >= 3 && (raw[2] & 0x80) != 0)) {
      return List.of();
    }
    Message r = new Message().setId(((raw[0] & 0xFF) << 8) | (raw[1] & 0xFF));
    r.setAnswer(true).setRCode(Message.FORMERR);
    return List.of(r);
  }

  /** The response(s) to a decoded query. */
  public Deferred<List<Message>> handleQuery(Message query, boolean tcp) {
    Message r = query.reply();
    r.setRecAv(options.recursive());
    if (query.getEdns() != null) {
      r.setEdns(Edns.of(options.maxUdpPayload()));
    }
    if (query.getOpCode() != Message.OP_QUERY) {
      return one(r.setRCode(Message.NOTIMP));
    }
    if (query.getQueries().size() != 1) {
      r.getQueries().clear();
      return one(r.setRCode(Message.FORMERR));
    }
    if (query.getEdns() != null && query.getEdns().version() != 0) {
      return one(r.setRCode(Message.BADVERS)); // RFC 6891 6.1.3
    }
    Query q = query.getQueries().get(0);
    if (q.dnsClass() != RRType.IN && q.dnsClass() != RRType.ANY) {
      return one(r.setRCode(Message.REFUSED));
    }
    if (q.type() == RRType.OPT) {
      return one(r.setRCode(Message.FORMERR));
    }
    Authority authority = authorityFor(q.name());
    if (q.type() == RRType.AXFR || q.type() == RRType.IXFR) {
      return transfer(r, q, authority, tcp);
    }
    if (authority != null) {
      Zone zone = authority.zone();
      if (zone == null) {
        return one(r.setRCode(Message.SERVFAIL)); // a secondary not yet loaded
      }
      Answer a = zone.lookup(q);
      r.setRCode(a.rCode()).setAuth(a.authoritative());
      r.getAnswers().addAll(a.answers());
      r.getAuthority().addAll(a.authority());
      r.getAdditional().addAll(a.additional());
      return one(r);
    }
    if (upstream == null) {
      return one(r.setRCode(Message.REFUSED)); // not ours, and nobody to ask
    }
    Deferred<List<Message>> d = upstream.query(q).addCallback(m -> {
      r.setRCode(m.getRCode());
      r.getAnswers().addAll(m.getAnswers());
      r.getAuthority().addAll(m.getAuthority());
      r.getAdditional().addAll(m.getAdditional());
      return List.of(r);
    });
    return d.addErrback(f -> {
      LOG.debug("upstream failed for {}: {}", q, f.getErrorMessage());
      r.getAnswers().clear();
      r.getAuthority().clear();
      r.getAdditional().clear();
      return List.of(r.setRCode(Message.SERVFAIL));
    });
  }

  private Deferred<List<Message>> transfer(Message r, Query q, Authority authority,
      boolean tcp) {
    if (!tcp || q.type() == RRType.IXFR && !tcp) {
      return one(r.setRCode(Message.REFUSED)); // RFC 5936 4.2: AXFR is TCP only
    }
    Zone zone = authority == null ? null : authority.zone();
    if (zone == null || !Names.key(q.name()).equals(zone.origin())) {
      return one(r.setRCode(authority == null ? Message.REFUSED : Message.NOTAUTH));
    }
    // RFC 5936 2.2: SOA, every other record, SOA again.
    List<RRHeader> all = new ArrayList<>();
    all.add(zone.soa());
    for (RRHeader rr : zone.records()) {
      if (rr != zone.soa()) {
        all.add(rr);
      }
    }
    all.add(zone.soa());
    List<Message> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += AXFR_CHUNK) {
      Message m = r.reply().setId(r.getId()).setAuth(true);
      m.setRecDes(r.isRecDes());
      m.setEdns(r.getEdns());
      if (i > 0) {
        m.getQueries().clear(); // RFC 5936 2.2.1: question only in the first message
      }
      m.getAnswers().addAll(all.subList(i, Math.min(all.size(), i + AXFR_CHUNK)));
      out.add(m);
    }
    return Deferred.succeed(out);
  }

  /** The authority for the longest zone name containing {@code name}, or null. */
  private Authority authorityFor(String name) {
    String key = Names.key(name);
    Authority best = null;
    for (Authority a : authorities) {
      String origin = a.origin();
      if (Names.isWithin(key, origin)
          && (best == null || origin.length() > best.origin().length())) {
        best = a;
      }
    }
    return best;
  }

  private static Deferred<List<Message>> one(Message m) {
    return Deferred.succeed(List.of(m));
  }

  /**
   * The bytes of {@code m} fitted into {@code limit} octets for UDP: first the additional section
   * goes (it is optional), then, if still too big, the answer and authority too and TC is set
   * (RFC 2181 9) so the client asks again over TCP.
   */
  static byte[] fit(Message m, int limit) {
    byte[] wire = m.toBytes();
    if (wire.length <= limit) {
      return wire;
    }
    m.getAdditional().clear();
    wire = m.toBytes();
    if (wire.length <= limit) {
      return wire;
    }
    m.getAnswers().clear();
    m.getAuthority().clear();
    m.setTrunc(true);
    return m.toBytes();
  }
}
