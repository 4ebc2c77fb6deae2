package dev.torsion.names.client;

import dev.torsion.internet.Deferred;
import dev.torsion.names.Message;
import dev.torsion.names.Query;
import dev.torsion.names.RRHeader;
import dev.torsion.names.RRType;
import dev.torsion.names.Record;
import dev.torsion.names.internal.Names;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers A, AAAA and PTR questions from a hosts file (hosts(5)): Twisted's {@code
 * hosts.Resolver}. A name the file does not list, or lists without an address of the type asked,
 * gets NXDOMAIN, so that a {@link ResolverChain} moves on to the next resolver.
 *
 * <pre>{@code
 * HostsResolver hosts = HostsResolver.load(Path.of("/etc/hosts"));
 * hosts.lookupAddress("localhost");
 * }</pre>
 */
public final class HostsResolver implements DNSResolver {
  /** The TTL Twisted gives hosts-file answers. */
  private static final long TTL = 3600;
  private static final long MAX_FILE = 16L << 20;

  private final Map<String, List<InetAddress>> byName = new HashMap<>();
  private final Map<String, List<String>> byAddress = new HashMap<>();

  private HostsResolver() {}

  /** Reads {@code file}; a missing or unreadable file lists nothing. */
  public static HostsResolver load(Path file) {
    try {
      if (Files.size(file) > MAX_FILE) {
        return parse("");
      }
      return parse(Files.readString(file, StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      return parse("");
    }
  }

  /** Parses hosts-file text: an address, then its names; {@code #} starts a comment. */
  public static HostsResolver parse(String text) {
    HostsResolver h = new HostsResolver();
    for (String raw : text.split("\n")) {
      int hash = raw.indexOf('#');
      String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] w = line.split("\\s+");
      InetAddress a = Literals.parse(w[0]);
      if (a == null || w.length < 2) {
        continue;
      }
      for (int i = 1; i < w.length; i++) {
        String key = Names.key(w[i]);
        List<InetAddress> list = h.byName.computeIfAbsent(key, k -> new ArrayList<>());
        if (!list.contains(a)) {
          list.add(a);
        }
        h.byAddress.computeIfAbsent(reverseName(a), k -> new ArrayList<>()).add(w[i]);
      }
    }
    return h;
  }

  /** The addresses listed for {@code name}, in file order (empty when none). */
  public List<InetAddress> addresses(String name) {
    return byName.getOrDefault(Names.key(name), List.of());
  }

  @Override
  public Deferred<Message> query(Query q) {
    Message r = Message.query(0, q).reply().setAuth(true);
    String key = Names.key(q.name());
    List<InetAddress> addrs = byName.get(key);
    List<String> ptrs = byAddress.get(key);
    if (addrs == null && ptrs == null) {
      return Deferred.succeed(r.setRCode(Message.NXDOMAIN));
    }
    if (addrs != null) {
      for (InetAddress a : addrs) {
        if (a instanceof Inet4Address v4 && (q.type() == RRType.A || q.type() == RRType.ANY)) {
          r.getAnswers().add(new RRHeader(q.name(), TTL, new Record.A(v4)));
        } else if (a instanceof Inet6Address v6
            && (q.type() == RRType.AAAA || q.type() == RRType.ANY)) {
          r.getAnswers().add(new RRHeader(q.name(), TTL, new Record.AAAA(v6)));
        }
      }
    }
    if (ptrs != null && (q.type() == RRType.PTR || q.type() == RRType.ANY)) {
      for (String p : ptrs) {
        r.getAnswers().add(new RRHeader(q.name(), TTL, new Record.PTR(p)));
      }
    }
    // As Twisted's hosts.Resolver: no record of the type is a failure, so a chain asks DNS next.
    return Deferred.succeed(r.getAnswers().isEmpty() ? r.setRCode(Message.NXDOMAIN) : r);
  }

  /** The in-addr.arpa or ip6.arpa name of an address (RFC 1035 3.5, RFC 3596 2.5). */
  static String reverseName(InetAddress a) {
    byte[] b = a.getAddress();
    StringBuilder sb = new StringBuilder();
    if (b.length == 4) {
      for (int i = 3; i >= 0; i--) {
        sb.append(b[i] & 0xFF).append('.');
      }
      return sb.append("in-addr.arpa").toString();
    }
    for (int i = 15; i >= 0; i--) {
      sb.append(Character.forDigit(b[i] & 0xF, 16)).append('.')
          .append(Character.forDigit((b[i] >> 4) & 0xF, 16)).append('.');
    }
    return sb.append("ip6.arpa").toString();
  }
}
