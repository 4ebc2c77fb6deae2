package dev.torsion.names.tap;

import dev.torsion.application.MultiService;
import dev.torsion.application.Service;
import dev.torsion.internet.Reactor;
import dev.torsion.names.client.CacheResolver;
import dev.torsion.names.client.DNSClient;
import dev.torsion.names.client.DNSResolver;
import dev.torsion.names.client.HostsResolver;
import dev.torsion.names.client.ResolvConf;
import dev.torsion.names.client.ResolverChain;
import dev.torsion.names.server.Authority;
import dev.torsion.names.server.BindAuthority;
import dev.torsion.names.server.DNSServerFactory;
import dev.torsion.names.server.SecondaryAuthority;
import dev.torsion.names.server.ServerOptions;
import dev.torsion.names.server.ZoneFileError;
import dev.torsion.plugin.Option;
import dev.torsion.plugin.Options;
import dev.torsion.plugin.Plugin;
import dev.torsion.plugin.StartupError;
import dev.torsion.plugin.UsageError;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./torsion dns}: an authoritative, secondary and caching forwarding DNS server over UDP
 * and TCP, Twisted's {@code twistd dns}.
 *
 * <pre>
 * ./torsion dns --port 5353 --bindzone example.com.zone --secondary example.net@192.0.2.1
 * ./torsion dns --port 5353 --recursive --cache --resolv-conf /etc/resolv.conf
 * </pre>
 */
public final class DNSPlugin implements Plugin {
  @Override
  public String name() {
    return "dns";
  }

  @Override
  public String description() {
    return "DNS server: zones from BIND files, secondaries by AXFR, caching forwarder";
  }

  @Override
  public List<Option> options() {
    return List.of(
        Option.value("port", "PORT", "53", "the UDP and TCP port (0 for any; 53 needs root)"),
        Option.value("interface", "IP", "", "the address to listen on (all when not given)"),
        Option.repeatable("bindzone", "FILE", null, "serve the zone in this BIND zone file;"
            + " may be repeated"),
        Option.repeatable("secondary", "DOMAIN@IP[:PORT]", null, "serve DOMAIN as a secondary,"
            + " transferring it from the primary at IP; may be repeated"),
        Option.value("hosts-file", "FILE", null, "answer A, AAAA and PTR from a hosts file"),
        Option.value("resolv-conf", "FILE", "/etc/resolv.conf",
            "where --recursive finds the servers to forward to"),
        Option.flag("recursive", "answer other names by asking the servers of --resolv-conf"),
        Option.flag("cache", "cache the answers of --recursive for their TTL"),
        Option.value("rate-limit", "N", "200",
            "UDP responses per second to one address; 0 for no limit"));
  }

  @Override
  public Service makeService(Options options) {
    Reactor reactor = options.reactor();
    int port = options.getInt("port");
    if (port < 0 || port > 65535) {
      throw new UsageError("--port must be between 0 and 65535, not " + port);
    }
    String iface = options.get("interface") == null ? "" : options.get("interface");
    int rate = options.getInt("rate-limit");
    if (rate < 0) {
      throw new UsageError("--rate-limit must be 0 or more, not " + rate);
    }
    boolean recursive = options.has("recursive");
    if (options.has("cache") && !recursive) {
      throw new UsageError("--cache needs --recursive: there is nothing to cache without it");
    }
    MultiService service = new MultiService();
    List<Authority> authorities = new ArrayList<>();
    for (String file : options.getAll("bindzone")) {
      authorities.add(zone(file));
    }
    for (String spec : options.getAll("secondary")) {
      SecondaryAuthority s = secondary(reactor, spec);
      s.setServiceParent(service);
      authorities.add(s);
    }
    List<DNSResolver> upstream = new ArrayList<>();
    if (options.get("hosts-file") != null) {
      Path hosts = Path.of(options.get("hosts-file"));
      if (!Files.isReadable(hosts)) {
        throw new StartupError("--hosts-file: cannot read " + hosts);
      }
      upstream.add(HostsResolver.load(hosts));
    }
    if (recursive) {
      Path conf = Path.of(options.get("resolv-conf"));
      if (!Files.isReadable(conf)) {
        throw new StartupError("--resolv-conf: cannot read " + conf);
      }
      ResolvConf rc = ResolvConf.load(conf);
      DNSResolver client = new DNSClient(reactor, rc.servers(), rc.timeout(), rc.attempts());
      upstream.add(options.has("cache") ? new CacheResolver(reactor, client) : client);
    }
    DNSResolver chain = upstream.isEmpty() ? null
        : upstream.size() == 1 ? upstream.get(0) : new ResolverChain(upstream);
    ServerOptions so = ServerOptions.defaults().withRecursive(recursive)
        .withResponsesPerSecond(rate);
    DNSServerFactory factory = new DNSServerFactory(reactor, authorities, chain, so);
    new DNSServerService(reactor, factory, port, iface).setServiceParent(service);
    return service;
  }

  private static Authority zone(String file) {
    Path path = Path.of(file);
    if (!Files.isReadable(path)) {
      throw new StartupError("--bindzone: cannot read " + path);
    }
    try {
      return BindAuthority.load(path);
    } catch (ZoneFileError e) {
      throw new StartupError("--bindzone: " + e.getMessage());
    }
  }

  /** DOMAIN@IP, DOMAIN@IP:PORT or DOMAIN@[IPv6]:PORT; an address, never a name to look up. */
  static SecondaryAuthority secondary(Reactor reactor, String spec) {
    int at = spec.lastIndexOf('@');
    if (at <= 0 || at == spec.length() - 1) {
      throw new UsageError("--secondary must be DOMAIN@IP[:PORT], not '" + spec + "'");
    }
    String domain = spec.substring(0, at);
    String where = spec.substring(at + 1);
    String host = where;
    int port = 53;
    if (where.startsWith("[")) {
      int close = where.indexOf(']');
      if (close < 0) {
        throw new UsageError("--secondary: unclosed [ in '" + spec + "'");
      }
      host = where.substring(1, close);
      if (where.length() > close + 1) {
        if (where.charAt(close + 1) != ':') {
          throw new UsageError("--secondary must be DOMAIN@IP[:PORT], not '" + spec + "'");
        }
        port = port(where.substring(close + 2), spec);
      }
    } else if (where.indexOf(':') >= 0 && where.indexOf(':') == where.lastIndexOf(':')) {
      host = where.substring(0, where.indexOf(':'));
      port = port(where.substring(where.indexOf(':') + 1), spec);
    }
    if (!host.matches("[0-9.]+|[0-9A-Fa-f:.]+") || !(host.contains(".") || host.contains(":"))) {
      throw new UsageError("--secondary: the primary must be an IP address, not '" + host + "'");
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(host); // a literal: never a lookup
    } catch (java.net.UnknownHostException e) {
      throw new UsageError("--secondary: not an IP address: '" + host + "'");
    }
    return new SecondaryAuthority(reactor, domain, new InetSocketAddress(address, port));
  }

  private static int port(String text, String spec) {
    try {
      int p = Integer.parseInt(text);
      if (p > 0 && p < 65536) {
        return p;
      }
    } catch (NumberFormatException e) {
      // the usage error below
    }
    throw new UsageError("--secondary: bad port in '" + spec + "'");
  }
}
