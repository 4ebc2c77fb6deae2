package dev.torsion.internet;

import java.net.InetAddress;
import java.util.List;

/**
 * Turns host names into addresses without blocking the reactor: Twisted's {@code
 * IHostnameResolver}, simplified.
 *
 * <pre>{@code
 * reactor.getResolver().resolve("example.com").addCallback(addrs -> addrs.get(0));
 * }</pre>
 */
@FunctionalInterface
public interface Resolver {
  /** All addresses for {@code host}, in preference order; fails with {@link DNSLookupError}. */
  Deferred<List<InetAddress>> resolve(String host);
}
