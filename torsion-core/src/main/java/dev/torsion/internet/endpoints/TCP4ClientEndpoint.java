package dev.torsion.internet.endpoints;

import dev.torsion.internet.Address;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.endpoints.internal.WrappingFactory;

/**
 * A TCP server to connect to by host and port: Twisted's {@code TCP4ClientEndpoint}, what {@code
 * "tcp:HOST:PORT"} descriptions make. The reactor resolves a host name (to its first address);
 * use {@link HostnameEndpoint} to try every address of a name.
 *
 * <pre>{@code
 * new TCP4ClientEndpoint(reactor, "127.0.0.1", 8007).connect(Factory.forProtocol(Client::new));
 * }</pre>
 */
public final class TCP4ClientEndpoint implements ClientEndpoint {
  private final Reactor reactor;
  private final String host;
  private final int port;
  private final double timeout;
  private final Address bindAddress;

  /** {@code host:port} with a 30-second timeout. */
  public TCP4ClientEndpoint(Reactor reactor, String host, int port) {
    this(reactor, host, port, 30, null);
  }

  /** {@code host:port}, giving up after {@code timeout} seconds, bound first to {@code bindAddress} if not null. */
  public TCP4ClientEndpoint(
      Reactor reactor, String host, int port, double timeout, Address bindAddress) {
    this.reactor = reactor;
    this.host = host;
    this.port = port;
    this.timeout = timeout;
    this.bindAddress = bindAddress;
  }

  @Override
  public Deferred<Protocol> connect(Factory factory) {
    return connectTCP(reactor, host, port, timeout, bindAddress, factory);
  }

  static Deferred<Protocol> connectTCP(
      Reactor reactor, String host, int port, double timeout, Address bind, Factory factory) {
    WrappingFactory wrapping = new WrappingFactory(factory);
    try {
      wrapping.setConnector(reactor.connectTCP(host, port, wrapping, timeout, bind));
    } catch (RuntimeException e) {
      return Deferred.fail(e);
    }
    return wrapping.onConnection();
  }

  public String getHost() {
    return host;
  }

  public int getPort() {
    return port;
  }

  public double getTimeout() {
    return timeout;
  }

  public Address getBindAddress() {
    return bindAddress;
  }

  @Override
  public String toString() {
    return "TCP4ClientEndpoint[" + host + ":" + port + "]";
  }
}
