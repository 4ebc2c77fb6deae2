package dev.torsion.names.client;

import dev.torsion.internet.DNSLookupError;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.Resolver;
import dev.torsion.names.DNSError;
import dev.torsion.names.DNSNameError;
import dev.torsion.names.RRType;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The reactor's host name {@link Resolver} backed by torsion-names instead of the JDK, so that
 * {@code connectTCP("example.com", ...)} and {@code HostnameEndpoint} resolve on the reactor
 * thread with no thread pool: Twisted's {@code installResolver(client.createResolver())}.
 *
 * <p>It asks for A and AAAA at once and hands back IPv4 addresses first, then IPv6 (the JDK's
 * default order; HostnameEndpoint interleaves them, RFC 8305). A name with fewer than {@code
 * ndots} dots is tried with each resolv.conf {@code search} domain first, then as given; one with
 * a final dot only as given. Failures are {@link DNSLookupError}s naming the host, caused by the
 * {@link DNSError} of the last name tried.
 *
 * <pre>{@code
 * ReactorResolver.install(reactor);   // /etc/resolv.conf and /etc/hosts, with a cache
 * reactor.connectTCP("example.com", 80, factory);
 * }</pre>
 */
public final class ReactorResolver implements Resolver {
  private final DNSResolver resolver;
  private final List<String> search;
  private final int ndots;

  /** Resolves through {@code resolver}, with a search list and resolv.conf's ndots. */
  public ReactorResolver(DNSResolver resolver, List<String> search, int ndots) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.search = List.copyOf(search);
    this.ndots = ndots;
  }

  /** Resolves through {@code resolver} names as given, with no search list. */
  public ReactorResolver(DNSResolver resolver) {
    this(resolver, List.of(), 1);
  }

  /**
   * Installs, as {@code reactor}'s resolver, /etc/hosts then a cache in front of the servers of
   * /etc/resolv.conf, with its search list; returns the resolver that was installed before.
   */
  public static Resolver install(Reactor reactor) {
    return install(reactor, Path.of("/etc/resolv.conf"), Path.of("/etc/hosts"));
  }

  /** As {@link #install(Reactor)}, with other files; a missing file means its defaults. */
  public static Resolver install(Reactor reactor, Path resolvConf, Path hostsFile) {
    ResolvConf conf = ResolvConf.load(resolvConf);
    DNSResolver chain = DNSClient.createResolver(reactor, conf, hostsFile);
    return reactor.installResolver(new ReactorResolver(chain, conf.search(), conf.ndots()));
  }

  public DNSResolver resolver() {
    return resolver;
  }

  @Override
  public Deferred<List<InetAddress>> resolve(String host) {
    if (host == null || host.isEmpty()) {
      return Deferred.fail(new DNSLookupError("cannot resolve an empty host name"));
    }
    InetAddress literal = Literals.parse(host);
    if (literal != null) {
      return Deferred.succeed(List.of(literal));
    }
    return tryName(host, candidates(host), 0, null);
  }

  /** The names to try for {@code host}, in order (resolv.conf(5) "search" and "ndots"). */
  List<String> candidates(String host) {
    if (host.endsWith(".")) {
      return List.of(host.substring(0, host.length() - 1));
    }
    long dots = host.chars().filter(c -> c == '.').count();
    List<String> names = new ArrayList<>();
    if (dots >= ndots) {
      names.add(host);
    }
    for (String domain : search) {
      names.add(domain.isEmpty() ? host : host + "." + domain);
    }
    if (dots < ndots) {
      names.add(host);
    }
    return names;
  }

  private static List<InetAddress> keep(Throwable[] error, Throwable e) {
    if (error[0] == null || error[0] instanceof DNSNameError) {
      error[0] = e;
    }
    return List.of();
  }

  private Deferred<List<InetAddress>> tryName(String host, List<String> names, int i,
      Throwable last) {
    if (i >= names.size()) {
      String why = last == null ? "no addresses" : last.getMessage();
      return Deferred.fail(new DNSLookupError(host + ": " + why, last));
    }
    String name = names.get(i);
    Deferred<List<InetAddress>> v4 = Chase.addresses(resolver, name, RRType.A);
    Deferred<List<InetAddress>> v6 = Chase.addresses(resolver, name, RRType.AAAA);
    Throwable[] error = new Throwable[1];
    // NXDOMAIN says least about why a name failed; any other error is the one to report.
    Deferred<List<InetAddress>> a = v4.addErrback(f -> keep(error, f.value()));
    Deferred<List<InetAddress>> aaaa = v6.addErrback(f -> keep(error, f.value()));
    Deferred<List<List<InetAddress>>> both4and6 = Deferred.gatherResults(List.of(a, aaaa));
    return both4and6.addDeferredCallback(both -> {
      List<InetAddress> all = new ArrayList<>(both.get(0));
      all.addAll(both.get(1));
      if (!all.isEmpty()) {
        return Deferred.succeed(all);
      }
      return tryName(host, names, i + 1, error[0] != null ? error[0]
          : new DNSNameError(name + ": no A or AAAA records"));
    });
  }
}
