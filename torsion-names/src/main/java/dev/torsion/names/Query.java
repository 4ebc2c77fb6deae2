package dev.torsion.names;

import java.util.Locale;
import java.util.Objects;

/**
 * A question: name, type and class. Twisted's {@code dns.Query}. Names compare without regard to
 * ASCII case (RFC 4343), so two queries that differ only in case are equal.
 *
 * <pre>{@code
 * Query q = new Query("example.com", RRType.AAAA);
 * }</pre>
 */
public record Query(String name, int type, int dnsClass) {
  public Query {
    Objects.requireNonNull(name, "name");
  }

  /** A question of the Internet class. */
  public Query(String name, int type) {
    this(name, type, RRType.IN);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Query q && q.type == type && q.dnsClass == dnsClass
        && q.name.equalsIgnoreCase(name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name.toLowerCase(Locale.ROOT), type, dnsClass);
  }

  @Override
  public String toString() {
    return (name.isEmpty() ? "." : name) + " " + RRType.name(type);
  }
}
