package dev.torsion.protocols.socks;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Protocol;

/**
 * Opens the outgoing connection a proxy relays to: the shape of a client endpoint's {@code
 * connect}, keyed by host and port, so that a proxy can be tested without a network.
 *
 * <pre>{@code
 * Dialer dialer = (host, port, factory) ->
 *     new HostnameEndpoint(reactor, host, port).connect(factory);
 * Factory socks = SocksServer.factory(dialer, AllowList.ANY);
 * }</pre>
 */
@FunctionalInterface
public interface Dialer {
  /**
   * Connects to {@code host} (a name or an address literal) on {@code port} and attaches a
   * protocol built by {@code factory}; the Deferred fires with that protocol once connected, or
   * fails with the connect error ({@link dev.torsion.internet.ConnectionRefusedError}, {@link
   * dev.torsion.internet.DNSLookupError}...). Cancelling it abandons the attempt.
   */
  Deferred<Protocol> connect(String host, int port, Factory factory);
}
