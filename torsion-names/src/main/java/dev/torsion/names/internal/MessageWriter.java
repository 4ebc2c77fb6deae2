package dev.torsion.names.internal;

import dev.torsion.names.Edns;
import dev.torsion.names.Message;
import dev.torsion.names.Query;
import dev.torsion.names.RRHeader;
import dev.torsion.names.RRType;
import dev.torsion.names.Record;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes a message, compressing names (RFC 1035 4.1.4) in the question, owners, and the RDATA
 * of the RFC 1035 types; RFC 3597 4 forbids compressing inside any later type's RDATA.
 */
public final class MessageWriter {
  private byte[] buf = new byte[512];
  private int pos;
  private final Map<String, Integer> offsets = new HashMap<>();

  public byte[] write(Message m) {
    u16(m.getId());
    int flags = (m.isAnswer() ? 0x8000 : 0) | (m.getOpCode() << 11) | (m.isAuth() ? 0x0400 : 0)
        | (m.isTrunc() ? 0x0200 : 0) | (m.isRecDes() ? 0x0100 : 0) | (m.isRecAv() ? 0x0080 : 0)
        | (m.isAuthenticData() ? 0x0020 : 0) | (m.isCheckingDisabled() ? 0x0010 : 0)
        | (m.getRCode() & 0xF);
    u16(flags);
    Edns edns = m.getEdns();
    u16(m.getQueries().size());
    u16(m.getAnswers().size());
    u16(m.getAuthority().size());
    u16(m.getAdditional().size() + (edns == null ? 0 : 1));
    for (Query q : m.getQueries()) {
      name(q.name(), true);
      u16(q.type());
      u16(q.dnsClass());
    }
    section(m.getAnswers());
    section(m.getAuthority());
    section(m.getAdditional());
    if (edns != null) {
      u8(0);
      u16(RRType.OPT);
      u16(Math.max(512, edns.udpPayloadSize()) & 0xFFFF);
      int ext = (m.getRCode() >> 4) & 0xFF;
      u32(((long) ext << 24) | ((long) (edns.version() & 0xFF) << 16)
          | (edns.dnssecOk() ? 0x8000 : 0));
      int lenAt = pos;
      u16(0);
      for (Edns.Option o : edns.options()) {
        u16(o.code());
        u16(o.data().length);
        bytes(o.data());
      }
      patch(lenAt, pos - lenAt - 2);
    }
    return Arrays.copyOf(buf, pos);
  }

  private void section(List<RRHeader> records) {
    for (RRHeader rr : records) {
      name(rr.name(), true);
      u16(rr.type());
      u16(rr.dnsClass());
      u32(rr.ttl());
      int lenAt = pos;
      u16(0);
      rdata(rr.payload());
      int len = pos - lenAt - 2;
      if (len > 0xFFFF) {
        throw new IllegalArgumentException("RDATA of " + rr.name() + " longer than 65535");
      }
      patch(lenAt, len);
    }
  }

  private void rdata(Record r) {
    if (r instanceof Record.A a) {
      bytes(a.address().getAddress());
    } else if (r instanceof Record.AAAA a) {
      bytes(a.address().getAddress());
    } else if (r instanceof Record.NS n) {
      name(n.name(), true);
    } else if (r instanceof Record.CNAME c) {
      name(c.name(), true);
    } else if (r instanceof Record.PTR p) {
      name(p.name(), true);
    } else if (r instanceof Record.DNAME d) {
      name(d.name(), false);
    } else if (r instanceof Record.SOA s) {
      name(s.mname(), true);
      name(s.rname(), true);
      u32(s.serial());
      u32(s.refresh());
      u32(s.retry());
      u32(s.expire());
      u32(s.minimum());
    } else if (r instanceof Record.MX mx) {
      u16(mx.preference());
      name(mx.exchange(), true);
    } else if (r instanceof Record.TXT t) {
      if (t.strings().isEmpty()) {
        u8(0);
      }
      t.strings().forEach(this::characterString);
    } else if (r instanceof Record.HINFO h) {
      characterString(h.cpu());
      characterString(h.os());
    } else if (r instanceof Record.SRV s) {
      u16(s.priority());
      u16(s.weight());
      u16(s.port());
      name(s.target(), false);
    } else if (r instanceof Record.NAPTR n) {
      u16(n.order());
      u16(n.preference());
      characterString(n.flags());
      characterString(n.services());
      characterString(n.regexp());
      name(n.replacement(), false);
    } else if (r instanceof Record.CAA c) {
      u8(c.flags());
      byte[] tag = c.tag().getBytes(StandardCharsets.ISO_8859_1);
      u8(tag.length);
      bytes(tag);
      bytes(c.value().getBytes(StandardCharsets.ISO_8859_1));
    } else if (r instanceof Record.Unknown u) {
      bytes(u.data());
    }
  }

  private void characterString(String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    if (b.length > 255) {
      throw new IllegalArgumentException("character string longer than 255 octets");
    }
    u8(b.length);
    bytes(b);
  }

  private void name(String name, boolean compress) {
    List<byte[]> labels = Names.labels(name);
    for (int i = 0; i < labels.size(); i++) {
      String suffix = suffixKey(labels, i);
      Integer at = compress ? offsets.get(suffix) : null;
      if (at != null) {
        u16(0xC000 | at);
        return;
      }
      if (pos < 0x4000) {
        offsets.putIfAbsent(suffix, pos);
      }
      u8(labels.get(i).length);
      bytes(labels.get(i));
    }
    u8(0);
  }

  private static String suffixKey(List<byte[]> labels, int from) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < labels.size(); i++) {
      byte[] l = labels.get(i);
      sb.append((char) l.length);
      for (byte b : l) {
        int c = b & 0xFF;
        sb.append((char) (c >= 'A' && c <= 'Z' ? c + 32 : c));
      }
    }
    return sb.toString();
  }

  private void ensure(int n) {
    if (pos + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
    }
  }

  private void u8(int v) {
    ensure(1);
    buf[pos++] = (byte) v;
  }

  private void u16(int v) {
    ensure(2);
    buf[pos++] = (byte) (v >> 8);
    buf[pos++] = (byte) v;
  }

  private void u32(long v) {
    ensure(4);
    buf[pos++] = (byte) (v >> 24);
    buf[pos++] = (byte) (v >> 16);
    buf[pos++] = (byte) (v >> 8);
    buf[pos++] = (byte) v;
  }

  private void bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, pos, b.length);
    pos += b.length;
  }

  private void patch(int at, int v) {
    buf[at] = (byte) (v >> 8);
    buf[at + 1] = (byte) v;
  }
}
