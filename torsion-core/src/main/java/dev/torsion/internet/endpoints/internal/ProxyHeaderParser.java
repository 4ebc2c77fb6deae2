package dev.torsion.internet.endpoints.internal;

import dev.torsion.internet.Address;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.IPv6Address;
import dev.torsion.internet.UNIXAddress;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An incremental parser of the PROXY protocol header (HAProxy's proxy-protocol.txt, versions 1
 * and 2) that a load balancer sends before the client's bytes. Feed it what arrives, in any
 * split; it answers null while it needs more, then the header and the bytes after it. Anything
 * else than a valid header throws {@link InvalidProxyHeader}, as soon as a byte shows it.
 *
 * <pre>
 * v1 (text, at most 107 bytes with the CRLF; section 2.1):
 *   "PROXY" SP ("TCP4" | "TCP6") SP src-ip SP dst-ip SP src-port SP dst-port CRLF
 *   "PROXY" SP "UNKNOWN" [anything but CRLF] CRLF
 *
 * v2 (binary; section 2.2):
 *   +---------------------------------------------+
 *   | signature: 0D 0A 0D 0A 00 0D 0A 51 55 49 54 0A | 12 bytes
 *   +----------------+----------------+-----------+
 *   | ver 2 | cmd    | family | proto | length    |  1 + 1 + 2 (big-endian) bytes
 *   +----------------+----------------+-----------+
 *   | addresses (by family), then TLVs            |  length bytes
 *   +---------------------------------------------+
 *   cmd:    0 LOCAL (use the real addresses), 1 PROXY
 *   family: 0 UNSPEC, 1 INET (4+4+2+2), 2 INET6 (16+16+2+2), 3 UNIX (108+108)
 *   proto:  0 UNSPEC, 1 STREAM (2 DGRAM is refused: this is a stream endpoint)
 * </pre>
 *
 * TLVs (ALPN, SNI, SSL details...) are skipped. The v2 length is checked against the limit
 * before anything is allocated for it.
 */
public final class ProxyHeaderParser {
  /** Section 2.1: "a 107-byte buffer" holds the longest v1 line with its CRLF. */
  static final int V1_MAX = 107;
  private static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] V2_SIGNATURE = {
    0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A
  };
  private static final int V2_FIXED = 16;
  private static final int UNIX_PATH = 108;

  /** The bytes after the header, which belong to the client's own protocol. */
  public record Result(ProxyHeader header, byte[] rest) {}

  private final int maxHeaderBytes;
  private byte[] buf = new byte[V1_MAX];
  private int size;
  private boolean done;

  /** {@code maxHeaderBytes} bounds a v2 header with its TLVs (at least 232: a UNIX one). */
  public ProxyHeaderParser(int maxHeaderBytes) {
    if (maxHeaderBytes < V2_FIXED + 2 * UNIX_PATH) {
      throw new IllegalArgumentException("maxHeaderBytes below " + (V2_FIXED + 2 * UNIX_PATH));
    }
    this.maxHeaderBytes = maxHeaderBytes;
  }

  /** Takes the next bytes; null while the header is incomplete. Not to be fed after a result. */
  public Result feed(byte[] data) {
    if (done) {
      throw new IllegalStateException("the header was already parsed");
    }
    int used = 0;
    while (used < data.length) {
      int want = wanted(data[used]);
      int n = Math.min(want - size, data.length - used);
      if ((size > 0 ? buf[0] : data[used]) == 'P') {
        // v1 ends at its LF: take no byte past it, those are the client's.
        for (int i = used; i < used + n; i++) {
          if (data[i] == '\n') {
            n = i + 1 - used;
            break;
          }
        }
      }
      if (size + n > buf.length) {
        buf = Arrays.copyOf(buf, want);
      }
      int before = size;
      System.arraycopy(data, used, buf, size, n);
      size += n;
      used += n;
      ProxyHeader header = check(before);
      if (header != null) {
        done = true;
        buf = null;
        return new Result(header, Arrays.copyOfRange(data, used, data.length));
      }
    }
    return null;
  }

  /** How many bytes the header needs in all, as far as we know now. */
  private int wanted(byte next) {
    // Never take more than the header can be: bytes past it are the client's.
    if (size == 0 ? next == 'P' : buf[0] == 'P') {
      return V1_MAX; // v1 ends at its CRLF, which check() finds
    }
    if (size < V2_FIXED) {
      return V2_FIXED;
    }
    return V2_FIXED + v2Length();
  }

  private int v2Length() {
    return ((buf[14] & 0xFF) << 8) | (buf[15] & 0xFF);
  }

  /** Checks bytes from {@code from} on; returns the header once complete. */
  private ProxyHeader check(int from) {
    if (buf[0] == 'P') {
      for (int i = from; i < size; i++) {
        if (i < V1_PREFIX.length) {
          if (buf[i] != V1_PREFIX[i]) {
            throw new InvalidProxyHeader("not a PROXY header");
          }
        } else if (buf[i] == '\n') {
          if (buf[i - 1] != '\r') {
            throw new InvalidProxyHeader("v1 line ends without CR");
          }
          return parseV1(new String(buf, 0, i - 1, StandardCharsets.US_ASCII));
        } else if (buf[i] != '\r' && (buf[i] < 0x20 || buf[i] > 0x7E)) {
          throw new InvalidProxyHeader("v1 header with a control or non-ASCII byte");
        } else if (buf[i - 1] == '\r') {
          throw new InvalidProxyHeader("v1 header with a CR not before LF");
        }
      }
      if (size == V1_MAX) {
        throw new InvalidProxyHeader("v1 header without CRLF in " + V1_MAX + " bytes");
      }
      return null;
    }
    if (buf[0] != V2_SIGNATURE[0]) {
      throw new InvalidProxyHeader("not a PROXY header");
    }
    for (int i = from; i < Math.min(size, V2_SIGNATURE.length); i++) {
      if (buf[i] != V2_SIGNATURE[i]) {
        throw new InvalidProxyHeader("not a PROXY header");
      }
    }
    if (from <= 12 && size > 12 && (buf[12] & 0xF0) != 0x20) {
      throw new InvalidProxyHeader("unknown PROXY protocol version " + ((buf[12] & 0xF0) >> 4));
    }
    if (size < V2_FIXED) {
      return null;
    }
    if (from < V2_FIXED && V2_FIXED + v2Length() > maxHeaderBytes) {
      throw new InvalidProxyHeader(
          "v2 header of " + (V2_FIXED + v2Length()) + " bytes is over the limit of " + maxHeaderBytes);
    }
    if (size < V2_FIXED + v2Length()) {
      return null;
    }
    return parseV2();
  }

  // ---- v1 ----

  private static ProxyHeader parseV1(String line) {
    String[] parts = line.split(" ", -1);
    String proto = parts.length > 1 ? parts[1] : "";
    if (proto.equals("UNKNOWN")) {
      return ProxyHeader.LOCAL; // section 2.1: the rest of the line is to be ignored
    }
    if (!proto.equals("TCP4") && !proto.equals("TCP6")) {
      throw new InvalidProxyHeader("unknown v1 protocol '" + proto + "'");
    }
    if (parts.length != 6) {
      throw new InvalidProxyHeader("v1 " + proto + " header needs 4 fields, got " + (parts.length - 2));
    }
    boolean v6 = proto.equals("TCP6");
    String src = v6 ? ipv6(parts[2]) : ipv4(parts[2]);
    String dst = v6 ? ipv6(parts[3]) : ipv4(parts[3]);
    int sport = port(parts[4], "source");
    int dport = port(parts[5], "destination");
    return v6
        ? new ProxyHeader(new IPv6Address("TCP", src, sport), new IPv6Address("TCP", dst, dport))
        : new ProxyHeader(new IPv4Address("TCP", src, sport), new IPv4Address("TCP", dst, dport));
  }

  /** Dotted quad, each part 0-255 without a leading zero (which some read as octal). */
  private static String ipv4(String text) {
    String[] quads = text.split("\\.", -1);
    if (quads.length != 4) {
      throw new InvalidProxyHeader("bad v1 IPv4 address '" + text + "'");
    }
    for (String q : quads) {
      if (q.isEmpty() || q.length() > 3 || (q.length() > 1 && q.charAt(0) == '0')
          || !q.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(q) > 255) {
        throw new InvalidProxyHeader("bad v1 IPv4 address '" + text + "'");
      }
    }
    return text;
  }

  private static String ipv6(String text) {
    // A colon makes the JDK parse a literal and never look a name up; the character check keeps
    // out scope ids and brackets.
    if (text.indexOf(':') < 0 || text.length() > 45
        || !text.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
      throw new InvalidProxyHeader("bad v1 IPv6 address '" + text + "'");
    }
    try {
      return ipv6Text(InetAddress.getByName(text));
    } catch (UnknownHostException e) {
      throw new InvalidProxyHeader("bad v1 IPv6 address '" + text + "'");
    }
  }

  /**
   * The text of an address a TCP6 or INET6 header carried. The JDK hands an IPv4-mapped one
   * (::ffff:a.b.c.d) back as an Inet4Address; keep the family the header said, so v1 and v2
   * give the same host for the same address.
   */
  private static String ipv6Text(InetAddress a) {
    return a instanceof Inet6Address ? a.getHostAddress() : "::ffff:" + a.getHostAddress();
  }

  private static int port(String text, String which) {
    if (text.isEmpty() || text.length() > 5 || (text.length() > 1 && text.charAt(0) == '0')
        || !text.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(text) > 65535) {
      throw new InvalidProxyHeader("bad v1 " + which + " port '" + text + "'");
    }
    return Integer.parseInt(text);
  }

  // ---- v2 ----

  private ProxyHeader parseV2() {
    int command = buf[12] & 0x0F;
    int family = (buf[13] & 0xF0) >> 4;
    int proto = buf[13] & 0x0F;
    int length = v2Length();
    if (command == 0) {
      return ProxyHeader.LOCAL; // section 2.2: health checks; the block is skipped
    }
    if (command != 1) {
      throw new InvalidProxyHeader("unknown v2 command " + command);
    }
    if (proto == 2) {
      throw new InvalidProxyHeader("v2 header for a datagram connection on a stream endpoint");
    }
    if (proto > 2 || family > 3) {
      throw new InvalidProxyHeader("unknown v2 address family/protocol 0x"
          + Integer.toHexString(buf[13] & 0xFF));
    }
    if (family == 0 || proto == 0) {
      return ProxyHeader.LOCAL; // UNSPEC: "the receiver must use the real connection endpoints"
    }
    int at = V2_FIXED;
    switch (family) {
      case 1 -> {
        need(length, 12, "INET");
        return new ProxyHeader(
            new IPv4Address("TCP", ip(at, 4), u16(at + 8)),
            new IPv4Address("TCP", ip(at + 4, 4), u16(at + 10)));
      }
      case 2 -> {
        need(length, 36, "INET6");
        return new ProxyHeader(
            new IPv6Address("TCP", ip(at, 16), u16(at + 32)),
            new IPv6Address("TCP", ip(at + 16, 16), u16(at + 34)));
      }
      default -> {
        need(length, 2 * UNIX_PATH, "UNIX");
        return new ProxyHeader(new UNIXAddress(path(at)), new UNIXAddress(path(at + UNIX_PATH)));
      }
    }
  }

  private static void need(int length, int bytes, String family) {
    if (length < bytes) {
      throw new InvalidProxyHeader(
          "v2 " + family + " header of " + length + " bytes, needs " + bytes);
    }
  }

  private String ip(int at, int len) {
    try {
      InetAddress a = InetAddress.getByAddress(Arrays.copyOfRange(buf, at, at + len));
      return len == 16 ? ipv6Text(a) : a.getHostAddress();
    } catch (UnknownHostException e) {
      throw new AssertionError(e); // only for a wrong length
    }
  }

  private int u16(int at) {
    return ((buf[at] & 0xFF) << 8) | (buf[at + 1] & 0xFF);
  }

  private String path(int at) {
    int end = at;
    while (end < at + UNIX_PATH && buf[end] != 0) {
      end++;
    }
    return end == at ? null : new String(buf, at, end - at, StandardCharsets.UTF_8);
  }
}
