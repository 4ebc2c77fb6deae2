package dev.torsion.names.client;

import dev.torsion.internet.Deferred;
import dev.torsion.names.DNSFormatError;
import dev.torsion.names.DNSNameError;
import dev.torsion.names.DNSNotImplementedError;
import dev.torsion.names.DNSQueryRefusedError;
import dev.torsion.names.DNSServerError;
import dev.torsion.names.DNSUnknownError;
import dev.torsion.names.Message;
import dev.torsion.names.Query;
import dev.torsion.names.RRType;

/**
 * Twisted's {@code IResolver}: one method per record type, each returning a Deferred. An
 * implementation supplies {@link #query}; the lookups are built on it and turn error rcodes into
 * {@link dev.torsion.names.DNSError}s.
 *
 * <pre>{@code
 * DNSResolver r = DNSClient.fromSystem(reactor);
 * r.lookupMailExchange("example.com").addCallback(res -> res.answers());
 * r.getHostByName("example.com").addCallback(ip -> ip);   // "93.184.216.34"
 * }</pre>
 */
public interface DNSResolver {
  /** The response to {@code q} whatever its rcode; fails only when there is none to be had. */
  Deferred<Message> query(Query q);

  /** The records of {@code type} for {@code name}; fails with DNSNameError for NXDOMAIN. */
  default Deferred<Result> lookup(String name, int type) {
    return query(new Query(name, type)).addCallback(DNSResolver::toResult);
  }

  default Deferred<Result> lookupAddress(String name) {
    return lookup(name, RRType.A);
  }

  default Deferred<Result> lookupIPV6Address(String name) {
    return lookup(name, RRType.AAAA);
  }

  default Deferred<Result> lookupMailExchange(String name) {
    return lookup(name, RRType.MX);
  }

  default Deferred<Result> lookupNameservers(String name) {
    return lookup(name, RRType.NS);
  }

  default Deferred<Result> lookupCanonicalName(String name) {
    return lookup(name, RRType.CNAME);
  }

  default Deferred<Result> lookupPointer(String name) {
    return lookup(name, RRType.PTR);
  }

  default Deferred<Result> lookupText(String name) {
    return lookup(name, RRType.TXT);
  }

  default Deferred<Result> lookupService(String name) {
    return lookup(name, RRType.SRV);
  }

  default Deferred<Result> lookupAuthority(String name) {
    return lookup(name, RRType.SOA);
  }

  default Deferred<Result> lookupNamingAuthorityPointer(String name) {
    return lookup(name, RRType.NAPTR);
  }

  default Deferred<Result> lookupAllRecords(String name) {
    return lookup(name, RRType.ANY);
  }

  /**
   * The first address of {@code name} as text, IPv4 if it has one, else IPv6, following CNAMEs:
   * Twisted's {@code getHostByName}. Fails with DNSNameError when there is none.
   */
  default Deferred<String> getHostByName(String name) {
    return Chase.addresses(this, name, RRType.A).addDeferredCallback(v4 -> v4.isEmpty()
        ? Chase.addresses(this, name, RRType.AAAA).addCallback(v6 -> first(name, v6))
        : Deferred.succeed(first(name, v4)));
  }

  private static String first(String name, java.util.List<java.net.InetAddress> addrs) {
    if (addrs.isEmpty()) {
      throw new DNSNameError(name + ": no address records");
    }
    return addrs.get(0).getHostAddress();
  }

  /** The sections of a response, or the error its rcode stands for. */
  static Result toResult(Message m) {
    String q = m.getQueries().isEmpty() ? "?" : m.getQueries().get(0).toString();
    switch (m.getRCode()) {
      case Message.OK:
        return new Result(m.getAnswers(), m.getAuthority(), m.getAdditional());
      case Message.NXDOMAIN:
        throw new DNSNameError(q + ": no such domain (NXDOMAIN)");
      case Message.SERVFAIL:
        throw new DNSServerError(q + ": server failure (SERVFAIL)");
      case Message.FORMERR:
        throw new DNSFormatError(q + ": the server found the query malformed (FORMERR)");
      case Message.NOTIMP:
        throw new DNSNotImplementedError(q + ": not implemented by the server (NOTIMP)");
      case Message.REFUSED:
        throw new DNSQueryRefusedError(q + ": refused by the server (REFUSED)");
      default:
        throw new DNSUnknownError(q + ": rcode " + m.getRCode());
    }
  }
}
