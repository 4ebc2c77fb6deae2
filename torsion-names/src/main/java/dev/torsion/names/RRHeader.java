package dev.torsion.names;

import java.util.Objects;

/**
 * One resource record as it travels in a message: owner name, class, TTL and its data. Twisted's
 * {@code dns.RRHeader}.
 *
 * <pre>{@code
 * RRHeader rr = new RRHeader("www.example.com", 300, new Record.CNAME("example.com"));
 * rr.type();   // RRType.CNAME
 * }</pre>
 *
 * @param name owner name, dotted, no final dot
 * @param dnsClass the class, almost always {@link RRType#IN}
 * @param ttl seconds the record may be cached (0 to 2^31-1, RFC 2181 8)
 * @param payload the record data, whose {@link Record#type()} is this record's type
 */
public record RRHeader(String name, int dnsClass, long ttl, Record payload) {
  public RRHeader {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(payload, "payload");
  }

  /** A record of the Internet class. */
  public RRHeader(String name, long ttl, Record payload) {
    this(name, RRType.IN, ttl, payload);
  }

  /** The record type, from its data. */
  public int type() {
    return payload.type();
  }

  /** The same record with another TTL, as a cache hands it out. */
  public RRHeader withTtl(long newTtl) {
    return new RRHeader(name, dnsClass, newTtl, payload);
  }
}
