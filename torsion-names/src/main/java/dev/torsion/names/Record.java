package dev.torsion.names;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.List;
import java.util.Objects;

/**
 * The data of a resource record (its RDATA), one nested record per type: Twisted's {@code
 * dns.Record_A}, {@code dns.Record_MX} and friends, with {@link Unknown} for any other type carried
 * as opaque bytes (RFC 3597).
 *
 * <p>Domain names are dotted strings without the final dot ({@code ""} is the root). Character
 * strings (TXT, HINFO, NAPTR, CAA) are ISO-8859-1 strings so that every byte round-trips.
 *
 * <pre>{@code
 * RRHeader rr = new RRHeader("example.com", 3600, new Record.MX(10, "mail.example.com"));
 * if (rr.payload() instanceof Record.A a) { use(a.address()); }
 * }</pre>
 */
public sealed interface Record {
  /** The record type this data belongs to, such as {@link RRType#A}. */
  int type();

  /** RFC 1035 3.4.1: an IPv4 address. */
  record A(Inet4Address address) implements Record {
    public A {
      Objects.requireNonNull(address, "address");
    }

    public int type() {
      return RRType.A;
    }
  }

  /** RFC 3596 2.2: an IPv6 address. */
  record AAAA(Inet6Address address) implements Record {
    public AAAA {
      Objects.requireNonNull(address, "address");
    }

    public int type() {
      return RRType.AAAA;
    }
  }

  /** RFC 1035 3.3.11: an authoritative name server for the owner. */
  record NS(String name) implements Record {
    public int type() {
      return RRType.NS;
    }
  }

  /** RFC 1035 3.3.1: the owner is an alias of {@code name}. */
  record CNAME(String name) implements Record {
    public int type() {
      return RRType.CNAME;
    }
  }

  /** RFC 6672: the owner's subtree is an alias of {@code name}'s subtree. */
  record DNAME(String name) implements Record {
    public int type() {
      return RRType.DNAME;
    }
  }

  /** RFC 1035 3.3.12: a pointer, as in reverse lookups. */
  record PTR(String name) implements Record {
    public int type() {
      return RRType.PTR;
    }
  }

  /** RFC 1035 3.3.13: the start of a zone of authority, with its timers (seconds). */
  record SOA(String mname, String rname, long serial, long refresh, long retry, long expire,
      long minimum) implements Record {
    public int type() {
      return RRType.SOA;
    }
  }

  /** RFC 1035 3.3.9: a mail exchanger and its preference (lower first). */
  record MX(int preference, String exchange) implements Record {
    public int type() {
      return RRType.MX;
    }
  }

  /** RFC 1035 3.3.14: one or more character strings. */
  record TXT(List<String> strings) implements Record {
    public TXT {
      strings = List.copyOf(strings);
    }

    public int type() {
      return RRType.TXT;
    }
  }

  /** RFC 1035 3.3.2: host CPU and operating system. */
  record HINFO(String cpu, String os) implements Record {
    public int type() {
      return RRType.HINFO;
    }
  }

  /** RFC 2782: where a service runs. */
  record SRV(int priority, int weight, int port, String target) implements Record {
    public int type() {
      return RRType.SRV;
    }
  }

  /** RFC 3403 4.1: a naming authority pointer. */
  record NAPTR(int order, int preference, String flags, String services, String regexp,
      String replacement) implements Record {
    public int type() {
      return RRType.NAPTR;
    }
  }

  /** RFC 8659 4.1: which certification authorities may issue for the owner. */
  record CAA(int flags, String tag, String value) implements Record {
    public int type() {
      return RRType.CAA;
    }
  }

  /** Any other type, its RDATA kept as bytes (RFC 3597). */
  record Unknown(int type, byte[] data) implements Record {
    public Unknown {
      data = data.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Unknown u && u.type == type && java.util.Arrays.equals(u.data, data);
    }

    @Override
    public int hashCode() {
      return type * 31 + java.util.Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "Unknown[type=" + type + ", length=" + data.length + "]";
    }
  }
}
