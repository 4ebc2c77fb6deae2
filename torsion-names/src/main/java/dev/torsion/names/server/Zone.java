package dev.torsion.names.server;

import dev.torsion.names.Message;
import dev.torsion.names.Query;
import dev.torsion.names.RRHeader;
import dev.torsion.names.RRType;
import dev.torsion.names.Record;
import dev.torsion.names.internal.Names;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The records of one zone, indexed for answering: Twisted's {@code FileAuthority} lookup logic.
 * Immutable; a secondary swaps in a new Zone after each transfer.
 *
 * <pre>{@code
 * Zone zone = Zone.of(ZoneFile.load(path, "example.com"));
 * Answer a = zone.lookup(new Query("www.example.com", RRType.A));
 * }</pre>
 */
public final class Zone {
  /** CNAMEs followed inside the zone before giving up (a loop, or a silly chain). */
  private static final int MAX_CNAME_CHAIN = 8;

  private final String origin;
  private final RRHeader soa;
  private final List<RRHeader> records;
  private final Map<String, List<RRHeader>> byName = new HashMap<>();
  private final Set<String> names = new HashSet<>();

  private Zone(List<RRHeader> records) {
    RRHeader first = records.isEmpty() ? null : records.get(0);
    RRHeader foundSoa = null;
    for (RRHeader rr : records) {
      if (rr.payload() instanceof Record.SOA) {
        if (foundSoa != null) {
          throw new IllegalArgumentException("zone has more than one SOA record");
        }
        foundSoa = rr;
      }
    }
    if (foundSoa == null || first == null) {
      throw new IllegalArgumentException("zone has no SOA record");
    }
    this.soa = foundSoa;
    this.origin = Names.key(foundSoa.name());
    List<RRHeader> kept = new ArrayList<>();
    for (RRHeader rr : records) {
      String key = Names.key(rr.name());
      if (!Names.isWithin(key, origin)) {
        throw new IllegalArgumentException(rr.name() + " is outside the zone " + origin);
      }
      kept.add(rr);
      byName.computeIfAbsent(key, k -> new ArrayList<>()).add(rr);
      for (String n = key; n != null && Names.isWithin(n, origin); n = Names.parent(n)) {
        names.add(n);
      }
    }
    this.records = List.copyOf(kept);
  }

  /** A zone from its records, one of which is the SOA whose owner names the zone. */
  public static Zone of(List<RRHeader> records) {
    return new Zone(records);
  }

  /** The zone's name, in lower case. */
  public String origin() {
    return origin;
  }

  /** The SOA record. */
  public RRHeader soa() {
    return soa;
  }

  /** Every record, SOA included, in file order. */
  public List<RRHeader> records() {
    return records;
  }

  /** True when {@code name} lies in this zone. */
  public boolean covers(String name) {
    return Names.isWithin(Names.key(name), origin);
  }

  /** The zone's answer to {@code q}, whose name this zone covers. */
  public Answer lookup(Query q) {
    List<RRHeader> answers = new ArrayList<>();
    List<RRHeader> authority = new ArrayList<>();
    Set<RRHeader> additional = new LinkedHashSet<>();
    String name = Names.key(q.name());
    String owner = q.name();
    for (int hop = 0; hop <= MAX_CNAME_CHAIN; hop++) {
      List<RRHeader> cut = delegation(name);
      if (cut != null) {
        // Below a zone cut we are not the authority: refer (RFC 1034 4.3.2 step 3b).
        if (!answers.isEmpty()) {
          return new Answer(Message.OK, true, answers, List.of(), List.copyOf(additional));
        }
        authority.addAll(cut);
        cut.forEach(ns -> glue(((Record.NS) ns.payload()).name(), additional));
        return new Answer(Message.OK, false, answers, authority, List.copyOf(additional));
      }
      List<RRHeader> here = byName.get(name);
      if (here == null) {
        RRHeader dname = dnameAbove(name);
        if (dname != null) {
          // RFC 6672 3.2: the DNAME, then a CNAME synthesized from it.
          String target = substitute(name, dname);
          answers.add(dname);
          if (target == null) {
            return new Answer(Message.YXDOMAIN, true, answers, List.of(), List.of());
          }
          answers.add(new RRHeader(owner, dname.ttl(), new Record.CNAME(target)));
          if (!covers(target)) {
            break;
          }
          name = Names.key(target);
          owner = target;
          continue;
        }
        int rcode = names.contains(name) ? Message.OK : Message.NXDOMAIN;
        authority.add(negativeSoa());
        return new Answer(rcode, true, answers, authority, List.of());
      }
      List<RRHeader> matching = new ArrayList<>();
      RRHeader cname = null;
      for (RRHeader rr : here) {
        if (q.type() == RRType.ANY || rr.type() == q.type()) {
          matching.add(rr);
        }
        if (rr.type() == RRType.CNAME) {
          cname = rr;
        }
      }
      if (!matching.isEmpty()) {
        answers.addAll(matching);
        matching.forEach(rr -> additionalFor(rr, additional));
        break;
      }
      if (cname != null) {
        answers.add(cname);
        String target = ((Record.CNAME) cname.payload()).name();
        if (!covers(target)) {
          break;
        }
        name = Names.key(target);
        owner = target;
        continue;
      }
      authority.add(negativeSoa());
      break;
    }
    return new Answer(Message.OK, true, answers, authority, List.copyOf(additional));
  }

  /** The SOA for a negative answer, its TTL capped by the SOA minimum (RFC 2308 3). */
  private RRHeader negativeSoa() {
    long min = ((Record.SOA) soa.payload()).minimum();
    return soa.withTtl(Math.min(soa.ttl(), min));
  }

  /** The NS set of the highest zone cut between the origin (exclusive) and {@code name}. */
  private List<RRHeader> delegation(String name) {
    List<String> chain = new ArrayList<>();
    for (String n = name; n != null && !n.equals(origin); n = Names.parent(n)) {
      chain.add(n);
    }
    for (int i = chain.size() - 1; i >= 0; i--) {
      List<RRHeader> rrs = byName.get(chain.get(i));
      if (rrs != null) {
        List<RRHeader> ns = rrs.stream().filter(rr -> rr.type() == RRType.NS).toList();
        if (!ns.isEmpty()) {
          return ns;
        }
      }
    }
    return null;
  }

  private RRHeader dnameAbove(String name) {
    for (String n = Names.parent(name); n != null && Names.isWithin(n, origin);
        n = Names.parent(n)) {
      List<RRHeader> rrs = byName.get(n);
      if (rrs != null) {
        for (RRHeader rr : rrs) {
          if (rr.type() == RRType.DNAME) {
            return rr;
          }
        }
      }
    }
    return null;
  }

  private static String substitute(String name, RRHeader dname) {
    String ownerKey = Names.key(dname.name());
    String prefix = name.substring(0, name.length() - ownerKey.length() - 1);
    String target = ((Record.DNAME) dname.payload()).name();
    String result = target.isEmpty() ? prefix : prefix + "." + target;
    try {
      Names.labels(result);
      return result;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private void additionalFor(RRHeader rr, Set<RRHeader> additional) {
    if (rr.payload() instanceof Record.MX mx) {
      glue(mx.exchange(), additional);
    } else if (rr.payload() instanceof Record.NS ns) {
      glue(ns.name(), additional);
    } else if (rr.payload() instanceof Record.SRV srv) {
      glue(srv.target(), additional);
    }
  }

  /** Addresses of {@code host} that the zone holds, for the additional section. */
  private void glue(String host, Set<RRHeader> additional) {
    List<RRHeader> rrs = byName.get(Names.key(host));
    if (rrs != null) {
      for (RRHeader rr : rrs) {
        if (rr.type() == RRType.A || rr.type() == RRType.AAAA) {
          additional.add(rr);
        }
      }
    }
  }
}
