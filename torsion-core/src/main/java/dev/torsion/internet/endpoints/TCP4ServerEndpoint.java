package dev.torsion.internet.endpoints;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.Reactor;

/**
 * A TCP port on IPv4 interfaces to listen on: Twisted's {@code TCP4ServerEndpoint}, what {@code
 * "tcp:PORT"} descriptions make.
 *
 * <pre>{@code
 * new TCP4ServerEndpoint(reactor, 8080, 50, "127.0.0.1").listen(factory);
 * }</pre>
 */
public final class TCP4ServerEndpoint implements ServerEndpoint {
  private final Reactor reactor;
  private final int port;
  private final int backlog;
  private final String iface;

  /** Port {@code port} on all IPv4 interfaces, backlog 50. */
  public TCP4ServerEndpoint(Reactor reactor, int port) {
    this(reactor, port, 50, "");
  }

  /** Port {@code port} on {@code iface} ("" for all IPv4 interfaces); port 0 picks a free one. */
  public TCP4ServerEndpoint(Reactor reactor, int port, int backlog, String iface) {
    this.reactor = reactor;
    this.port = port;
    this.backlog = backlog;
    this.iface = iface;
  }

  @Override
  public Deferred<ListeningPort> listen(Factory factory) {
    return Deferred.maybeDeferred(() -> reactor.listenTCP(port, factory, backlog, iface));
  }

  public int getPort() {
    return port;
  }

  public int getBacklog() {
    return backlog;
  }

  public String getInterface() {
    return iface;
  }

  @Override
  public String toString() {
    return "TCP4ServerEndpoint[" + (iface.isEmpty() ? "*" : iface) + ":" + port + "]";
  }
}
