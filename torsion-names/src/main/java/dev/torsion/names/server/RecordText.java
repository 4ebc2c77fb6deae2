package dev.torsion.names.server;

import dev.torsion.names.RRType;
import dev.torsion.names.Record;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The RDATA of one zone-file record, from its presentation words (RFC 1035 5.1 and each RFC). */
final class RecordText {
  private RecordText() {}

  static Record parse(int type, List<ZoneTokenizer.Token> d, String origin) {
    if (d.size() >= 1 && d.get(0).text().equals("\\#") && !d.get(0).quoted()) {
      return generic(type, d);
    }
    switch (type) {
      case RRType.A:
        count(d, 1, "A needs one IPv4 address");
        return new Record.A(ipv4(d.get(0).text()));
      case RRType.AAAA:
        count(d, 1, "AAAA needs one IPv6 address");
        return new Record.AAAA(ipv6(d.get(0).text()));
      case RRType.NS:
        count(d, 1, "NS needs one host name");
        return new Record.NS(name(d.get(0), origin));
      case RRType.CNAME:
        count(d, 1, "CNAME needs one name");
        return new Record.CNAME(name(d.get(0), origin));
      case RRType.DNAME:
        count(d, 1, "DNAME needs one name");
        return new Record.DNAME(name(d.get(0), origin));
      case RRType.PTR:
        count(d, 1, "PTR needs one name");
        return new Record.PTR(name(d.get(0), origin));
      case RRType.SOA:
        count(d, 7, "SOA needs mname rname serial refresh retry expire minimum");
        return new Record.SOA(name(d.get(0), origin), name(d.get(1), origin),
            number(d.get(2).text(), 0xFFFFFFFFL), ZoneFile.time(d.get(3).text()),
            ZoneFile.time(d.get(4).text()), ZoneFile.time(d.get(5).text()),
            ZoneFile.time(d.get(6).text()));
      case RRType.MX:
        count(d, 2, "MX needs a preference and a host");
        return new Record.MX((int) number(d.get(0).text(), 0xFFFF), name(d.get(1), origin));
      case RRType.TXT: {
        if (d.isEmpty()) {
          throw new IllegalArgumentException("TXT needs at least one string");
        }
        List<String> strings = new ArrayList<>();
        for (ZoneTokenizer.Token t : d) {
          strings.add(characterString(t.text()));
        }
        return new Record.TXT(strings);
      }
      case RRType.HINFO:
        count(d, 2, "HINFO needs a CPU and an OS");
        return new Record.HINFO(characterString(d.get(0).text()),
            characterString(d.get(1).text()));
      case RRType.SRV:
        count(d, 4, "SRV needs priority weight port target");
        return new Record.SRV((int) number(d.get(0).text(), 0xFFFF),
            (int) number(d.get(1).text(), 0xFFFF), (int) number(d.get(2).text(), 0xFFFF),
            name(d.get(3), origin));
      case RRType.NAPTR:
        count(d, 6, "NAPTR needs order preference flags services regexp replacement");
        return new Record.NAPTR((int) number(d.get(0).text(), 0xFFFF),
            (int) number(d.get(1).text(), 0xFFFF), characterString(d.get(2).text()),
            characterString(d.get(3).text()), characterString(d.get(4).text()),
            name(d.get(5), origin));
      case RRType.CAA: {
        count(d, 3, "CAA needs flags tag value");
        String tag = d.get(1).text();
        if (tag.isEmpty() || tag.length() > 255 || !tag.matches("[A-Za-z0-9]+")) {
          throw new IllegalArgumentException("CAA tag must be letters and digits");
        }
        return new Record.CAA((int) number(d.get(0).text(), 0xFF), tag,
            unescape(d.get(2).text()));
      }
      default:
        throw new IllegalArgumentException(RRType.name(type)
            + " has no text form here; write it as \\# LENGTH HEX (RFC 3597)");
    }
  }

  private static Record generic(int type, List<ZoneTokenizer.Token> d) {
    if (d.size() < 2) {
      throw new IllegalArgumentException("\\# needs a length");
    }
    int len = (int) number(d.get(1).text(), 0xFFFF);
    StringBuilder hex = new StringBuilder();
    for (int i = 2; i < d.size(); i++) {
      hex.append(d.get(i).text());
    }
    byte[] data;
    try {
      data = HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("\\# data is not hexadecimal");
    }
    if (data.length != len) {
      throw new IllegalArgumentException("\\# length " + len + " but " + data.length
          + " octets of data");
    }
    // Wire-decode the known types so that the record behaves as its type everywhere.
    if (type == RRType.A || type == RRType.AAAA || type == RRType.TXT || type == RRType.NS
        || type == RRType.CNAME || type == RRType.SOA || type == RRType.MX || type == RRType.PTR
        || type == RRType.HINFO || type == RRType.SRV || type == RRType.NAPTR
        || type == RRType.CAA || type == RRType.DNAME) {
      throw new IllegalArgumentException("write " + RRType.name(type)
          + " in its own text form, not \\#");
    }
    return new Record.Unknown(type, data);
  }

  private static void count(List<ZoneTokenizer.Token> d, int n, String message) {
    if (d.size() != n) {
      throw new IllegalArgumentException(message);
    }
  }

  private static String name(ZoneTokenizer.Token t, String origin) {
    return ZoneFile.absolute(t.text(), origin);
  }

  static long number(String w, long max) {
    if (w.isEmpty() || w.length() > 10 || !w.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("'" + w + "' is not a number");
    }
    long v = Long.parseLong(w);
    if (v > max) {
      throw new IllegalArgumentException(w + " is larger than " + max);
    }
    return v;
  }

  private static Inet4Address ipv4(String w) {
    String[] parts = w.split("\\.", -1);
    byte[] octets = new byte[4];
    if (parts.length != 4) {
      throw new IllegalArgumentException("'" + w + "' is not an IPv4 address");
    }
    for (int i = 0; i < 4; i++) {
      if (!parts[i].matches("\\d{1,3}") || Integer.parseInt(parts[i]) > 255) {
        throw new IllegalArgumentException("'" + w + "' is not an IPv4 address");
      }
      octets[i] = (byte) Integer.parseInt(parts[i]);
    }
    try {
      // A literal: getByAddress never looks anything up.
      return (Inet4Address) InetAddress.getByAddress(octets);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("'" + w + "' is not an IPv4 address");
    }
  }

  private static Inet6Address ipv6(String w) {
    if (!w.contains(":") || !w.matches("[0-9A-Fa-f:.]+")) {
      throw new IllegalArgumentException("'" + w + "' is not an IPv6 address");
    }
    try {
      InetAddress a = InetAddress.getByName(w);
      if (a instanceof Inet6Address v6) {
        return v6;
      }
      // Java folds ::ffff:a.b.c.d to IPv4; keep the 16 octets.
      byte[] v4 = a.getAddress();
      byte[] mapped = new byte[16];
      mapped[10] = (byte) 0xFF;
      mapped[11] = (byte) 0xFF;
      System.arraycopy(v4, 0, mapped, 12, 4);
      return Inet6Address.getByAddress(null, mapped, -1);
    } catch (Exception e) {
      throw new IllegalArgumentException("'" + w + "' is not an IPv6 address");
    }
  }

  private static String characterString(String w) {
    String s = unescape(w);
    if (s.length() > 255) {
      throw new IllegalArgumentException("character string longer than 255 octets");
    }
    return s;
  }

  /** Resolves {@code \X} and {@code \DDD} into the octets they stand for. */
  static String unescape(String w) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < w.length(); i++) {
      char c = w.charAt(i);
      if (c == '\\' && i + 1 < w.length()) {
        char d = w.charAt(i + 1);
        if (Character.isDigit(d)) {
          if (i + 3 >= w.length()) {
            throw new IllegalArgumentException("bad \\DDD escape");
          }
          String digits = w.substring(i + 1, i + 4);
          if (!digits.chars().allMatch(Character::isDigit) || Integer.parseInt(digits) > 255) {
            throw new IllegalArgumentException("bad \\DDD escape");
          }
          out.write(Integer.parseInt(digits));
          i += 3;
        } else {
          out.write(d & 0xFF);
          i++;
        }
      } else {
        if (c > 0xFF) {
          throw new IllegalArgumentException("not an ISO-8859-1 character");
        }
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
