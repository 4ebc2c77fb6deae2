package dev.torsion.web.internal;

import dev.torsion.internet.Address;
import dev.torsion.internet.ClientFactory;
import dev.torsion.internet.Connector;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.ssl.TLS;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.web.client.HttpProxy;

/**
 * How HTTP clients reach an origin: a TCP connection straight to it, or to an {@link HttpProxy}
 * asked to CONNECT to it (RFC 9110 9.3.6), with TLS to the origin on top when {@code tls} is
 * given (inside the tunnel, verified against the origin's name). {@link
 * dev.torsion.web.client.HttpConnectionPool} (https through a proxy) and the WebSocket client
 * (ws and wss through a proxy) share it, so a proxy or TLS setting means the same to both.
 *
 * <pre>
 *   no proxy:  TCP host:port ──[TLS host]──▶ protocol
 *   proxy:     TCP proxy ──CONNECT host:port──▶ 2xx ──[TLS host]──▶ protocol
 * </pre>
 */
public final class OriginConnector {
  private OriginConnector() {}

  /**
   * Connects {@code factory}'s protocol to {@code host:port}; {@code ready} is failed if a
   * proxy refuses the tunnel or closes before answering (the factory hears of TCP failures).
   */
  public static Connector connect(Reactor reactor, String host, int port, HttpProxy proxy,
      TLSOptions tls, ClientFactory factory, double connectTimeout, Deferred<?> ready) {
    if (proxy == null) {
      ClientFactory f = tls != null ? TLS.wrapClientFactory(factory, tls, reactor) : factory;
      return reactor.connectTCP(host, port, f, connectTimeout, null);
    }
    String authority = Authority.bracketed(host) + ":" + port;
    ClientFactory tunnel = new ClientFactory() {
      @Override
      public Protocol buildProtocol(Address addr) {
        Protocol inner = factory.buildProtocol(addr);
        return new ConnectTunnel(authority, proxy.authorization(),
            tls != null ? TLS.wrap(inner, tls, reactor) : inner, ready);
      }

      @Override
      public void clientConnectionFailed(Connector connector, Failure reason) {
        factory.clientConnectionFailed(connector, reason);
      }
    };
    return reactor.connectTCP(proxy.host(), proxy.port(), tunnel, connectTimeout, null);
  }
}
