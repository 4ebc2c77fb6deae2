package dev.torsion.internet.endpoints;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.ListeningPort;

/**
 * Somewhere a server can listen, described apart from the code that listens: Twisted's {@code
 * IStreamServerEndpoint}.
 *
 * <p>Server code takes a ServerEndpoint instead of calling {@code listenTCP} itself, so the same
 * server runs on TCP, a Unix socket or TLS depending on a configuration string.
 *
 * <pre>{@code
 * ServerEndpoint endpoint = Endpoints.serverFromString(reactor, "tcp:8080:interface=127.0.0.1");
 * endpoint.listen(Factory.forProtocol(Echo::new))
 *     .addCallback(port -> { System.out.println("listening on " + port.getHost()); return null; });
 * }</pre>
 */
public interface ServerEndpoint {
  /**
   * Starts listening with {@code factory}; the Deferred fires with the port, or fails (with
   * CannotListenError, for example) if listening is not possible.
   */
  Deferred<ListeningPort> listen(Factory factory);
}
