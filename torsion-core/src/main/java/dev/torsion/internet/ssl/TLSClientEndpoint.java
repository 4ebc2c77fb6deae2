package dev.torsion.internet.ssl;

import dev.torsion.internet.Address;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.endpoints.ClientEndpoint;
import dev.torsion.internet.ssl.internal.TLSLayer;
import java.util.Objects;

/**
 * A client endpoint speaking TLS over another: Twisted's {@code wrapClientTLS}, and what {@code
 * tls:} and client {@code ssl:} descriptions build. Unlike a plain endpoint, {@link #connect}
 * fires only once the handshake has succeeded, so a bad certificate, a wrong host name or no
 * common ALPN protocol arrives there as a {@link TLSHandshakeError}.
 *
 * <pre>{@code
 * ClientEndpoint endpoint = Endpoints.clientFromString(reactor, "tls:example.com:443");
 * endpoint.connect(Factory.forProtocol(HttpClient::new))
 *     .addErrback(f -> { f.trap(TLSHandshakeError.class); ...; return null; });
 * }</pre>
 */
public final class TLSClientEndpoint implements ClientEndpoint {
  private final ClientEndpoint inner;
  private final TLSOptions options;
  private final ReactorTime time;

  /** TLS with {@code options} over {@code inner}; {@code time} runs handshake timeouts. */
  public TLSClientEndpoint(ClientEndpoint inner, TLSOptions options, ReactorTime time) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.options = Objects.requireNonNull(options, "options");
    if (!options.isClient()) {
      throw new IllegalArgumentException("a client endpoint needs client TLSOptions");
    }
    this.time = time;
  }

  @Override
  public Deferred<Protocol> connect(Factory factory) {
    Factory wrapping =
        new Factory() {
          @Override
          public Protocol buildProtocol(Address addr) {
            Protocol app = factory.buildProtocol(addr);
            return app == null ? null : TLS.wrap(app, options, time);
          }
        };
    return inner
        .connect(wrapping)
        .addDeferredCallback(
            p -> {
              TLSLayer layer = (TLSLayer) p;
              return layer.whenHandshakeDone().addCallback(ignored -> layer.appProtocol());
            });
  }

  public TLSOptions getOptions() {
    return options;
  }

  @Override
  public String toString() {
    return "TLS to " + options.hostname() + " over " + inner;
  }
}
