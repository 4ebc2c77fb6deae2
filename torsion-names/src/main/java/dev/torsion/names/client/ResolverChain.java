package dev.torsion.names.client;

import dev.torsion.internet.Deferred;
import dev.torsion.names.Message;
import dev.torsion.names.Query;
import java.util.List;

/**
 * Asks resolvers in turn until one knows the name: Twisted's {@code resolve.ResolverChain}. A
 * resolver that answers NXDOMAIN or fails hands the question to the next; the last one's answer
 * or failure is the chain's. This is how the hosts file comes before DNS.
 *
 * <pre>{@code
 * DNSResolver r = new ResolverChain(List.of(HostsResolver.load(Path.of("/etc/hosts")),
 *     new CacheResolver(reactor, DNSClient.fromResolvConf(reactor, Path.of("/etc/resolv.conf")))));
 * r.getHostByName("localhost");   // from the hosts file, no packet sent
 * }</pre>
 */
public final class ResolverChain implements DNSResolver {
  private final List<DNSResolver> resolvers;

  public ResolverChain(List<? extends DNSResolver> resolvers) {
    if (resolvers.isEmpty()) {
      throw new IllegalArgumentException("a resolver chain needs at least one resolver");
    }
    this.resolvers = List.copyOf(resolvers);
  }

  public List<DNSResolver> resolvers() {
    return resolvers;
  }

  @Override
  public Deferred<Message> query(Query q) {
    return ask(q, 0);
  }

  private Deferred<Message> ask(Query q, int i) {
    Deferred<Message> d;
    try {
      d = resolvers.get(i).query(q);
    } catch (RuntimeException e) {
      d = Deferred.fail(e);
    }
    if (i == resolvers.size() - 1) {
      return d;
    }
    // Each step returns a Deferred, which the chain waits on (so the static type needs a cast).
    Deferred<Deferred<Message>> next = d.addCallbacks(
        m -> m.getRCode() == Message.NXDOMAIN ? ask(q, i + 1) : Deferred.succeed(m),
        f -> ask(q, i + 1));
    @SuppressWarnings("unchecked")
    Deferred<Message> flat = (Deferred<Message>) (Deferred<?>) next;
    return flat;
  }
}
