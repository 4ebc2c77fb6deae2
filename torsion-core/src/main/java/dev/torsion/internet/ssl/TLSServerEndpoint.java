package dev.torsion.internet.ssl;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.endpoints.ServerEndpoint;
import java.util.Objects;

/**
 * A server endpoint speaking TLS over another (TCP, Unix...): what {@code ssl:} descriptions
 * build, Twisted's {@code SSL4ServerEndpoint} generalised to any inner endpoint.
 *
 * <pre>{@code
 * TLSOptions options = TLSOptions.forServer(KeyMaterial.fromPem(Path.of("server.pem"))).build();
 * new TLSServerEndpoint(new TCP4ServerEndpoint(reactor, 8443), options, reactor)
 *     .listen(Factory.forProtocol(Echo::new));
 * // or: Endpoints.serverFromString(reactor, "ssl:8443:privateKey=server.pem")
 * }</pre>
 */
public final class TLSServerEndpoint implements ServerEndpoint {
  private final ServerEndpoint inner;
  private final TLSOptions options;
  private final ReactorTime time;

  /** TLS with {@code options} over {@code inner}; {@code time} runs handshake timeouts. */
  public TLSServerEndpoint(ServerEndpoint inner, TLSOptions options, ReactorTime time) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.options = Objects.requireNonNull(options, "options");
    if (options.isClient()) {
      throw new IllegalArgumentException("a server endpoint needs server TLSOptions");
    }
    this.time = time;
  }

  @Override
  public Deferred<ListeningPort> listen(Factory factory) {
    return inner.listen(TLS.wrapFactory(factory, options, time));
  }

  public TLSOptions getOptions() {
    return options;
  }

  /** The endpoint the TLS bytes travel over (a {@code haproxy:} endpoint reads its header there). */
  public ServerEndpoint getInner() {
    return inner;
  }

  @Override
  public String toString() {
    return "TLS over " + inner;
  }
}
