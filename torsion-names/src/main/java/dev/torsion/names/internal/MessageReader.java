package dev.torsion.names.internal;

import dev.torsion.names.Edns;
import dev.torsion.names.MalformedMessageError;
import dev.torsion.names.Message;
import dev.torsion.names.Query;
import dev.torsion.names.RRHeader;
import dev.torsion.names.RRType;
import dev.torsion.names.Record;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one whole DNS message, strictly. Every length and count is checked against the bytes
 * that are there before anything is allocated, so a sender cannot make us allocate more than a
 * small multiple of what it sent, loop, or read outside the array.
 *
 * <pre>
 *  header (RFC 1035 4.1.1), 12 octets:
 *     0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15
 *   +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *   |                      ID                       |
 *   |QR|  Opcode   |AA|TC|RD|RA| Z|AD|CD|   RCODE   |
 *   |      QDCOUNT  |  ANCOUNT  |  NSCOUNT  | ARCOUNT (16 bits each)
 *   +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *  question: QNAME QTYPE(16) QCLASS(16)
 *  RR:       NAME TYPE(16) CLASS(16) TTL(32) RDLENGTH(16) RDATA
 *  name:     labels (len 1..63, then len octets) ending in 0, or ending in a
 *            pointer 11xxxxxx xxxxxxxx to an earlier offset (4.1.4)
 * </pre>
 */
public final class MessageReader {
  private static final int MIN_QUESTION = 5;
  private static final int MIN_RR = 11;

  private final byte[] data;
  private int pos;

  public MessageReader(byte[] data) {
    this.data = data;
  }

  public Message read() {
    if (data.length < 12) {
      throw bad("message shorter than its 12-octet header (" + data.length + ")");
    }
    Message m = new Message();
    m.setId(u16());
    int flags = u16();
    m.setAnswer((flags & 0x8000) != 0);
    m.setOpCode((flags >> 11) & 0xF);
    m.setAuth((flags & 0x0400) != 0);
    m.setTrunc((flags & 0x0200) != 0);
    m.setRecDes((flags & 0x0100) != 0);
    m.setRecAv((flags & 0x0080) != 0);
    m.setAuthenticData((flags & 0x0020) != 0);
    m.setCheckingDisabled((flags & 0x0010) != 0);
    int rcode = flags & 0xF;
    int qd = u16();
    int an = u16();
    int ns = u16();
    int ar = u16();
    long minimum = (long) qd * MIN_QUESTION + (long) (an + ns + ar) * MIN_RR;
    if (minimum > data.length - 12) {
      throw bad("section counts " + qd + "/" + an + "/" + ns + "/" + ar
          + " need more octets than the " + data.length + " present");
    }
    for (int i = 0; i < qd; i++) {
      String name = name();
      need(4);
      m.getQueries().add(new Query(name, u16(), u16()));
    }
    readSection(an, m.getAnswers(), null);
    readSection(ns, m.getAuthority(), null);
    Edns[] opt = new Edns[1];
    readSection(ar, m.getAdditional(), opt);
    if (pos != data.length) {
      throw bad((data.length - pos) + " octets after the last record");
    }
    if (opt[0] != null) {
      m.setEdns(opt[0]);
      rcode |= opt[0].extendedRcode() << 4;
    }
    m.setRCode(rcode);
    return m;
  }

  private void readSection(int count, List<RRHeader> into, Edns[] opt) {
    for (int i = 0; i < count; i++) {
      String name = name();
      need(10);
      int type = u16();
      int cls = u16();
      long ttl = u32();
      int rdlength = u16();
      need(rdlength);
      int end = pos + rdlength;
      if (type == RRType.OPT) {
        if (opt == null) {
          throw bad("OPT record outside the additional section");
        }
        if (opt[0] != null) {
          throw bad("more than one OPT record (RFC 6891 6.1.1)");
        }
        if (!name.isEmpty()) {
          throw bad("OPT record owner is not the root");
        }
        opt[0] = edns(cls, ttl, end);
      } else {
        Record payload = rdata(type, end);
        if (pos != end) {
          throw bad(RRType.name(type) + " RDATA has " + (end - pos) + " octets left over");
        }
        // RFC 2181 8: a TTL with the top bit set is read as zero.
        into.add(new RRHeader(name, cls, ttl > 0x7FFFFFFFL ? 0 : ttl, payload));
      }
    }
  }

  private Edns edns(int udpSize, long ttl, int end) {
    List<Edns.Option> options = new ArrayList<>();
    while (pos < end) {
      if (end - pos < 4) {
        throw bad("truncated EDNS option");
      }
      int code = u16();
      int len = u16();
      if (len > end - pos) {
        throw bad("EDNS option longer than the OPT record");
      }
      options.add(new Edns.Option(code, bytes(len)));
    }
    return new Edns(udpSize, (int) (ttl >>> 24) & 0xFF, (int) (ttl >>> 16) & 0xFF,
        (ttl & 0x8000) != 0, options);
  }

  private Record rdata(int type, int end) {
    switch (type) {
      case RRType.A:
        return new Record.A((Inet4Address) address(4, end));
      case RRType.AAAA:
        return new Record.AAAA((Inet6Address) address(16, end));
      case RRType.NS:
        return new Record.NS(name(end));
      case RRType.CNAME:
        return new Record.CNAME(name(end));
      case RRType.DNAME:
        return new Record.DNAME(name(end));
      case RRType.PTR:
        return new Record.PTR(name(end));
      case RRType.SOA: {
        String mname = name(end);
        String rname = name(end);
        within(20, end);
        return new Record.SOA(mname, rname, u32(), u32(), u32(), u32(), u32());
      }
      case RRType.MX: {
        within(2, end);
        int pref = u16();
        return new Record.MX(pref, name(end));
      }
      case RRType.TXT: {
        List<String> strings = new ArrayList<>();
        do {
          strings.add(characterString(end));
        } while (pos < end);
        return new Record.TXT(strings);
      }
      case RRType.HINFO:
        return new Record.HINFO(characterString(end), characterString(end));
      case RRType.SRV: {
        within(6, end);
        int priority = u16();
        int weight = u16();
        int port = u16();
        return new Record.SRV(priority, weight, port, name(end));
      }
      case RRType.NAPTR: {
        within(4, end);
        int order = u16();
        int pref = u16();
        return new Record.NAPTR(order, pref, characterString(end), characterString(end),
            characterString(end), name(end));
      }
      case RRType.CAA: {
        within(2, end);
        int flags = data[pos++] & 0xFF;
        int tagLen = data[pos++] & 0xFF;
        within(tagLen, end);
        if (tagLen == 0) {
          throw bad("CAA tag is empty (RFC 8659 4.1)");
        }
        String tag = latin1(tagLen);
        String value = latin1(end - pos);
        return new Record.CAA(flags, tag, value);
      }
      default:
        return new Record.Unknown(type, bytes(end - pos));
    }
  }

  private InetAddress address(int len, int end) {
    if (end - pos != len) {
      throw bad("address RDATA of " + (end - pos) + " octets, not " + len);
    }
    try {
      return InetAddress.getByAddress(bytes(len));
    } catch (UnknownHostException e) {
      throw bad("bad address");
    }
  }

  private String characterString(int end) {
    within(1, end);
    int len = data[pos++] & 0xFF;
    within(len, end);
    return latin1(len);
  }

  private String latin1(int len) {
    String s = new String(data, pos, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    pos += len;
    return s;
  }

  private String name() {
    return name(data.length);
  }

  /**
   * A name whose uncompressed part lies before {@code end}. Each pointer must point strictly
   * before the previous one (or before itself, for the first), so decoding always ends.
   */
  private String name(int end) {
    StringBuilder out = new StringBuilder();
    int p = pos;
    int limit = end;
    boolean jumped = false;
    int wire = 1;
    while (true) {
      if (p >= limit) {
        throw bad("name runs past the end of its data");
      }
      int len = data[p] & 0xFF;
      if (len == 0) {
        p++;
        break;
      }
      int kind = len & 0xC0;
      if (kind == 0xC0) {
        if (p + 1 >= limit) {
          throw bad("compression pointer runs past the end");
        }
        int target = ((len & 0x3F) << 8) | (data[p + 1] & 0xFF);
        if (!jumped) {
          pos = p + 2;
          jumped = true;
        }
        if (target >= p) {
          throw bad("compression pointer to " + target + " does not point backwards");
        }
        limit = p;
        p = target;
        continue;
      }
      if (kind != 0) {
        throw bad("label type 0x" + Integer.toHexString(kind) + " is not supported");
      }
      wire += len + 1;
      if (wire > Names.MAX_NAME) {
        throw bad("name longer than 255 octets");
      }
      if (p + 1 + len > limit) {
        throw bad("label runs past the end of its data");
      }
      if (out.length() > 0) {
        out.append('.');
      }
      Names.appendLabel(out, data, p + 1, len);
      p += 1 + len;
    }
    if (!jumped) {
      pos = p;
    }
    return out.toString();
  }

  private void within(int n, int end) {
    if (n > end - pos) {
      throw bad("RDATA shorter than its fields");
    }
  }

  private void need(int n) {
    if (n > data.length - pos) {
      throw bad("message ends inside a record");
    }
  }

  private byte[] bytes(int n) {
    byte[] b = java.util.Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return b;
  }

  private int u16() {
    int v = ((data[pos] & 0xFF) << 8) | (data[pos + 1] & 0xFF);
    pos += 2;
    return v;
  }

  private long u32() {
    long v = ((long) (data[pos] & 0xFF) << 24) | ((data[pos + 1] & 0xFF) << 16)
        | ((data[pos + 2] & 0xFF) << 8) | (data[pos + 3] & 0xFF);
    pos += 4;
    return v;
  }

  private static MalformedMessageError bad(String why) {
    return new MalformedMessageError(why);
  }
}
