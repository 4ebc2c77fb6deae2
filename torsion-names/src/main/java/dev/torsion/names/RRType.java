package dev.torsion.names;

import java.util.Locale;
import java.util.Map;

/**
 * The numbers of record types and query types, with their mnemonics: Twisted's {@code dns.A},
 * {@code dns.MX} and {@code dns.QUERY_TYPES}.
 *
 * <pre>{@code
 * new Query("example.com", RRType.MX);
 * RRType.name(RRType.AAAA);     // "AAAA"
 * RRType.fromName("TYPE65");    // 65, RFC 3597 generic form
 * }</pre>
 */
public final class RRType {
  public static final int A = 1;
  public static final int NS = 2;
  public static final int CNAME = 5;
  public static final int SOA = 6;
  public static final int PTR = 12;
  public static final int HINFO = 13;
  public static final int MX = 15;
  public static final int TXT = 16;
  public static final int AAAA = 28;
  public static final int SRV = 33;
  public static final int NAPTR = 35;
  public static final int DNAME = 39;
  public static final int OPT = 41;
  public static final int CAA = 257;
  /** Query types (RFC 1035 3.2.3). */
  public static final int IXFR = 251;
  public static final int AXFR = 252;
  public static final int ANY = 255;

  /** The Internet class; the only one served here. */
  public static final int IN = 1;

  private static final Map<String, Integer> BY_NAME =
      Map.ofEntries(
          Map.entry("A", A), Map.entry("NS", NS), Map.entry("CNAME", CNAME),
          Map.entry("SOA", SOA), Map.entry("PTR", PTR), Map.entry("HINFO", HINFO),
          Map.entry("MX", MX), Map.entry("TXT", TXT), Map.entry("AAAA", AAAA),
          Map.entry("SRV", SRV), Map.entry("NAPTR", NAPTR), Map.entry("DNAME", DNAME),
          Map.entry("OPT", OPT), Map.entry("CAA", CAA), Map.entry("IXFR", IXFR),
          Map.entry("AXFR", AXFR), Map.entry("ANY", ANY));

  private RRType() {}

  /** The mnemonic of {@code type}, or {@code TYPEnnn} (RFC 3597 5) when it has none here. */
  public static String name(int type) {
    for (Map.Entry<String, Integer> e : BY_NAME.entrySet()) {
      if (e.getValue() == type) {
        return e.getKey();
      }
    }
    return "TYPE" + type;
  }

  /** The number for a mnemonic or {@code TYPEnnn}, or -1 when the name is not a type. */
  public static int fromName(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    Integer known = BY_NAME.get(upper);
    if (known != null) {
      return known;
    }
    if (upper.startsWith("TYPE") && upper.length() > 4 && upper.length() <= 9) {
      try {
        int n = Integer.parseInt(upper.substring(4));
        return n >= 0 && n <= 0xFFFF ? n : -1;
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return -1;
  }
}
