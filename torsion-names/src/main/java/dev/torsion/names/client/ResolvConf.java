package dev.torsion.names.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What /etc/resolv.conf says (resolv.conf(5)): {@code nameserver} lines (three at most, port 53
 * unless written {@code [addr]:port} or {@code addr#port}), {@code search} or {@code domain},
 * and {@code options ndots:N timeout:N attempts:N}. Unreadable or empty means the defaults: the
 * local server, ndots 1, timeout 5, attempts 2.
 *
 * <pre>{@code
 * ResolvConf conf = ResolvConf.load(Path.of("/etc/resolv.conf"));
 * conf.servers();   // [/127.0.0.53:53]
 * }</pre>
 */
public record ResolvConf(List<InetSocketAddress> servers, List<String> search, int ndots,
    double timeout, int attempts) {
  /** resolv.conf(5) MAXNS. */
  private static final int MAX_SERVERS = 3;

  public ResolvConf {
    servers = List.copyOf(servers);
    search = List.copyOf(search);
  }

  /** Reads {@code file}; a missing file gives the defaults. */
  public static ResolvConf load(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      return parse("");
    }
  }

  /** Parses resolv.conf text; lines it does not understand are skipped, as the C library does. */
  public static ResolvConf parse(String text) {
    List<InetSocketAddress> servers = new ArrayList<>();
    List<String> search = new ArrayList<>();
    int ndots = 1;
    double timeout = 5;
    int attempts = 2;
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      String[] w = line.split("\\s+");
      switch (w[0]) {
        case "nameserver" -> {
          if (w.length > 1 && servers.size() < MAX_SERVERS) {
            InetSocketAddress s = server(w[1]);
            if (s != null) {
              servers.add(s);
            }
          }
        }
        case "domain" -> {
          search.clear();
          if (w.length > 1) {
            search.add(trimDot(w[1]));
          }
        }
        case "search" -> {
          search.clear();
          for (int i = 1; i < w.length && i <= 6; i++) {
            search.add(trimDot(w[i]));
          }
        }
        case "options" -> {
          for (int i = 1; i < w.length; i++) {
            String o = w[i];
            ndots = option(o, "ndots:", ndots, 0, 15);
            timeout = option(o, "timeout:", (int) timeout, 1, 30);
            attempts = option(o, "attempts:", attempts, 1, 5);
          }
        }
        default -> { }
      }
    }
    if (servers.isEmpty()) {
      servers.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), 53));
    }
    return new ResolvConf(servers, search, ndots, timeout, attempts);
  }

  private static String trimDot(String s) {
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  private static int option(String o, String prefix, int current, int min, int max) {
    if (!o.startsWith(prefix)) {
      return current;
    }
    try {
      int v = Integer.parseInt(o.substring(prefix.length()));
      return Math.max(min, Math.min(max, v)); // resolv.conf(5) caps these
    } catch (NumberFormatException e) {
      return current;
    }
  }

  /** An address literal, optionally with a port; null if it is not one (no lookups here). */
  static InetSocketAddress server(String word) {
    String host = word;
    int port = 53;
    int hash = word.indexOf('#');
    if (word.startsWith("[") && word.contains("]")) {
      host = word.substring(1, word.indexOf(']'));
      String rest = word.substring(word.indexOf(']') + 1);
      if (rest.startsWith(":")) {
        port = parsePort(rest.substring(1));
      }
    } else if (hash > 0) {
      host = word.substring(0, hash);
      port = parsePort(word.substring(hash + 1));
    } else if (word.chars().filter(c -> c == ':').count() == 1) {
      host = word.substring(0, word.indexOf(':'));
      port = parsePort(word.substring(word.indexOf(':') + 1));
    }
    InetAddress a = Literals.parse(host);
    return a == null || port < 0 ? null : new InetSocketAddress(a, port);
  }

  private static int parsePort(String s) {
    try {
      int p = Integer.parseInt(s);
      return p > 0 && p < 65536 ? p : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
