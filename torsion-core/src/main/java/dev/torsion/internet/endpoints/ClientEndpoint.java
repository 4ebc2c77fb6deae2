package dev.torsion.internet.endpoints;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Protocol;

/**
 * Somewhere a client can connect to, described apart from the code that connects: Twisted's
 * {@code IStreamClientEndpoint}.
 *
 * <p>Unlike {@code reactor.connectTCP}, which reports through a ClientFactory's callbacks, {@link
 * #connect} returns a Deferred that fires with the connected protocol, and takes a plain {@link
 * Factory}. Cancelling the Deferred gives up the attempt.
 *
 * <pre>{@code
 * ClientEndpoint endpoint = Endpoints.clientFromString(reactor, "tcp:example.com:80");
 * endpoint.connect(Factory.forProtocol(HttpClient::new))
 *     .addCallback(p -> ((HttpClient) p).get("/"));
 * }</pre>
 */
public interface ClientEndpoint {
  /**
   * Connects, building the protocol with {@code factory}. The Deferred fires with that protocol
   * once its {@code connectionMade} has run, or fails with the reason the connection could not
   * be made (ConnectionRefusedError, DNSLookupError, ConnectTimeoutError...).
   */
  Deferred<Protocol> connect(Factory factory);
}
