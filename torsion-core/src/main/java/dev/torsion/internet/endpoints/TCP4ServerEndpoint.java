package dev.torsion.internet.endpoints;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.internal.StreamPort;
import java.nio.channels.ServerSocketChannel;

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
  private final boolean reusePort;

  /** Port {@code port} on all IPv4 interfaces, with the system's largest backlog. */
  public TCP4ServerEndpoint(Reactor reactor, int port) {
    this(reactor, port, dev.torsion.internet.internal.Backlog.DEFAULT, "");
  }

  /** Port {@code port} on {@code iface} ("" for all IPv4 interfaces); port 0 picks a free one. */
  public TCP4ServerEndpoint(Reactor reactor, int port, int backlog, String iface) {
    this(reactor, port, backlog, iface, false);
  }

  /**
   * As above; with {@code reusePort}, the socket is bound with SO_REUSEPORT so that several
   * processes listening the same way share the port, the kernel spreading new connections among
   * them ({@code tcp:8080:reusePort=true}). Listening fails with a CannotListenError where the
   * platform has no SO_REUSEPORT.
   */
  public TCP4ServerEndpoint(Reactor reactor, int port, int backlog, String iface, boolean reusePort) {
    this.reusePort = reusePort;
    this.reactor = reactor;
    this.port = port;
    this.backlog = backlog;
    this.iface = iface;
  }

  @Override
  public Deferred<ListeningPort> listen(Factory factory) {
    if (!reusePort) {
      return Deferred.maybeDeferred(() -> reactor.listenTCP(port, factory, backlog, iface));
    }
    return Deferred.maybeDeferred(() -> {
      ServerSocketChannel ch = StreamPort.bindTCP(port, backlog, iface, true);
      try {
        return reactor.adoptStreamPort(ch, factory);
      } catch (RuntimeException e) {
        try {
          ch.close();
        } catch (java.io.IOException ignored) {
          // closing a socket nobody used: nothing to report beyond e
        }
        throw e;
      }
    });
  }

  /** True if the port is bound with SO_REUSEPORT. */
  public boolean isReusePort() {
    return reusePort;
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
