package dev.torsion.names.client;

import dev.torsion.internet.Deferred;
import dev.torsion.names.Message;
import dev.torsion.names.Query;
import dev.torsion.names.RRHeader;
import dev.torsion.names.Record;
import dev.torsion.names.internal.Names;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The addresses of a name, following its CNAME chain: through the answer section first, and
 * when a server gave only the alias (an authoritative server for another zone), by asking again
 * for the target.
 */
final class Chase {
  /** Aliases followed before giving up: a loop or a silly chain (BIND also stops near here). */
  static final int MAX_HOPS = 8;

  private Chase() {}

  /** A or AAAA records of {@code name}; empty for NODATA; DNSError for error rcodes. */
  static Deferred<List<InetAddress>> addresses(DNSResolver r, String name, int type) {
    return hop(r, name, type, 0);
  }

  private static Deferred<List<InetAddress>> hop(DNSResolver r, String name, int type, int n) {
    return r.query(new Query(name, type)).addDeferredCallback(m -> {
      DNSResolver.toResult(m); // throws the DNSError of an error rcode
      String want = Names.key(name);
      List<InetAddress> found = new ArrayList<>();
      for (int i = 0; i <= MAX_HOPS && found.isEmpty(); i++) {
        String next = null;
        for (RRHeader rr : m.getAnswers()) {
          if (!Names.key(rr.name()).equals(want)) {
            continue;
          }
          if (rr.payload() instanceof Record.A a && type == a.type()) {
            found.add(a.address());
          } else if (rr.payload() instanceof Record.AAAA a && type == a.type()) {
            found.add(a.address());
          } else if (rr.payload() instanceof Record.CNAME c) {
            next = Names.key(c.name());
          }
        }
        if (!found.isEmpty() || next == null) {
          return Deferred.succeed(found);
        }
        if (!hasOwner(m, next)) {
          // The server stopped at the alias: ask for the target (RFC 1034 3.6.2).
          return n + 1 + i >= MAX_HOPS ? Deferred.succeed(found) : hop(r, next, type, n + 1 + i);
        }
        want = next;
      }
      return Deferred.succeed(found);
    });
  }

  private static boolean hasOwner(Message m, String key) {
    for (RRHeader rr : m.getAnswers()) {
      if (Names.key(rr.name()).equals(key)) {
        return true;
      }
    }
    return false;
  }
}
