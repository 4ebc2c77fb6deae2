package dev.torsion.internet.ssl;

import dev.torsion.internet.Address;
import dev.torsion.internet.ClientFactory;
import dev.torsion.internet.Connector;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.Transport;
import dev.torsion.internet.internal.ProtocolSwitchable;
import dev.torsion.internet.ssl.internal.StartTLS;
import dev.torsion.internet.ssl.internal.TLSLayer;
import java.util.Objects;

/**
 * Puts TLS under a protocol, on any stream transport: Twisted's {@code TLSMemoryBIOFactory} and
 * {@code startTLS}. The wrapped protocol sees plain {@code dataReceived} and {@code write}; its
 * transport is a {@link TLSTransport}. Most code uses the {@code ssl:} and {@code tls:}
 * endpoints or {@link Transport#startTLS} instead of calling this directly.
 *
 * <pre>{@code
 * TLSOptions options = TLSOptions.forServer(KeyMaterial.fromPem(Path.of("server.pem"))).build();
 * reactor.listenTCP(8443, TLS.wrapFactory(Factory.forProtocol(Echo::new), options, reactor));
 * }</pre>
 *
 * <p>{@code time} (the reactor, or a Clock in tests) runs the handshake timeout; null means no
 * timeout. A wrapped factory that is a {@link ProtocolNegotiationFactory} has its ALPN protocols
 * offered when the server options name none.
 */
public final class TLS {
  private TLS() {}

  /** A factory whose protocols each run {@code wrapped}'s protocol over TLS. */
  public static Factory wrapFactory(Factory wrapped, TLSOptions options, ReactorTime time) {
    Objects.requireNonNull(wrapped, "wrapped");
    Objects.requireNonNull(options, "options");
    TLSOptions chosen = options;
    if (!options.isClient() && options.applicationProtocols().isEmpty()
        && wrapped instanceof ProtocolNegotiationFactory negotiating
        && !negotiating.acceptableProtocols().isEmpty()) {
      chosen = options.withNegotiatedProtocols(negotiating.acceptableProtocols());
    }
    TLSOptions effective = chosen;
    return new Factory() {
      @Override
      public Protocol buildProtocol(Address addr) {
        return layerFor(wrapped.buildProtocol(addr), this, effective, time);
      }

      @Override
      public void startFactory() {
        wrapped.doStart();
      }

      @Override
      public void stopFactory() {
        wrapped.doStop();
      }
    };
  }

  /** Like {@link #wrapFactory}, for connecting: connection events go on to {@code wrapped}. */
  public static ClientFactory wrapClientFactory(
      ClientFactory wrapped, TLSOptions options, ReactorTime time) {
    Objects.requireNonNull(wrapped, "wrapped");
    Objects.requireNonNull(options, "options");
    return new ClientFactory() {
      @Override
      public Protocol buildProtocol(Address addr) {
        return layerFor(wrapped.buildProtocol(addr), this, options, time);
      }

      @Override
      public void startFactory() {
        wrapped.doStart();
      }

      @Override
      public void stopFactory() {
        wrapped.doStop();
      }

      @Override
      public void startedConnecting(Connector connector) {
        wrapped.startedConnecting(connector);
      }

      @Override
      public void clientConnectionFailed(Connector connector, Failure reason) {
        wrapped.clientConnectionFailed(connector, reason);
      }

      @Override
      public void clientConnectionLost(Connector connector, Failure reason) {
        wrapped.clientConnectionLost(connector, reason);
      }
    };
  }

  /** The TLS layer carrying {@code app} for {@code factory}, or null if the wrapped factory refused. */
  private static Protocol layerFor(Protocol app, Factory factory, TLSOptions options, ReactorTime time) {
    if (app == null) {
      return null;
    }
    TLSLayer layer = new TLSLayer(options, app, time, false);
    layer.setFactory(factory);
    return layer;
  }

  /**
   * A protocol to give a transport in place of {@code app}: it speaks TLS below and runs {@code
   * app} above. Useful for transports made by hand (an in-memory pump, a process's pipes).
   */
  public static Protocol wrap(Protocol app, TLSOptions options, ReactorTime time) {
    return new TLSLayer(Objects.requireNonNull(options), Objects.requireNonNull(app), time, false);
  }

  /**
   * The application protocol under a protocol built by {@link #wrapFactory} or {@link #wrap}, or
   * {@code protocol} itself if it is not a TLS layer.
   */
  public static Protocol unwrap(Protocol protocol) {
    return protocol instanceof TLSLayer ? ((TLSLayer) protocol).appProtocol() : protocol;
  }

  /**
   * STARTTLS on a live connection: what {@link Transport#startTLS} does for transports that
   * implement the internal ProtocolSwitchable hook. The current protocol stays connected (no
   * second connectionMade) and its transport becomes the TLS one.
   */
  public static void startTLS(Transport transport, TLSOptions options) {
    if (!(transport instanceof ProtocolSwitchable)) {
      throw new UnsupportedOperationException(
          transport.getClass().getSimpleName() + " cannot start TLS");
    }
    StartTLS.start((ProtocolSwitchable) transport, Objects.requireNonNull(options));
  }
}
