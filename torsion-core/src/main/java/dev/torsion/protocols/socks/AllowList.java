package dev.torsion.protocols.socks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The destinations a proxy may connect to: {@code host:port} entries, where the port may be
 * {@code *}. Hosts match as the client named them, without case: an entry for {@code
 * example.com} does not admit the client that asks for example.com's address by number.
 *
 * <pre>{@code
 * AllowList allow = AllowList.parse("example.com:443,127.0.0.1:*,[::1]:8080");
 * allow.allows("EXAMPLE.com", 443);   // true
 * }</pre>
 */
public final class AllowList {
  /** Admits every destination. */
  public static final AllowList ANY = new AllowList(null);

  private record Entry(String host, int port) {} // port -1: any

  private final List<Entry> entries;

  private AllowList(List<Entry> entries) {
    this.entries = entries;
  }

  /**
   * Parses a comma-separated list of {@code host:port} (IPv6 hosts in brackets); throws {@link
   * IllegalArgumentException} naming the bad entry.
   */
  public static AllowList parse(String spec) {
    List<Entry> entries = new ArrayList<>();
    for (String raw : spec.split(",")) {
      String item = raw.trim();
      if (item.isEmpty()) {
        continue;
      }
      int colon = item.lastIndexOf(':');
      if (colon <= 0 || colon == item.length() - 1) {
        throw new IllegalArgumentException("allow-list entry '" + item + "' is not HOST:PORT");
      }
      String host = item.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      String portText = item.substring(colon + 1);
      int port;
      if (portText.equals("*")) {
        port = -1;
      } else {
        try {
          port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
          port = -2;
        }
        if (port < 1 || port > 65535) {
          throw new IllegalArgumentException(
              "allow-list entry '" + item + "' has a bad port '" + portText + "'");
        }
      }
      entries.add(new Entry(host.toLowerCase(Locale.ROOT), port));
    }
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("the allow-list '" + spec + "' names no destination");
    }
    return new AllowList(List.copyOf(entries));
  }

  /** True when a connection to {@code host}:{@code port} is allowed. */
  public boolean allows(String host, int port) {
    if (entries == null) {
      return true;
    }
    String h = host.toLowerCase(Locale.ROOT);
    for (Entry e : entries) {
      if (e.host.equals(h) && (e.port == -1 || e.port == port)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return entries == null ? "AllowList[any]" : "AllowList" + entries;
  }
}
