package dev.torsion.internet.endpoints;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.endpoints.internal.SystemdSockets;

/**
 * A listening socket handed over by systemd's socket activation (a {@code .socket} unit, or
 * {@code systemd-socket-activate}): what {@code systemd:domain=INET:index=0} and {@code
 * systemd:name=web} build, Twisted's {@code AdoptedStreamServerEndpoint} through its {@code
 * systemd:} parser. The socket outlives the process, so a restart queues connections in the
 * kernel instead of refusing them.
 *
 * <p>{@code LISTEN_PID}, {@code LISTEN_FDS} and {@code LISTEN_FDNAMES} say which sockets were
 * passed. The JDK can adopt an inherited socket only from standard input ({@code
 * System.inheritedChannel()}), so the socket must also be on fd 0: put {@code
 * StandardInput=socket} in the service unit (or start the process with {@code 0<&3}). Hence
 * only the first socket (index 0) is supported; listening on another fails with a
 * CannotListenError saying so, as does a missing or mismatched environment.
 *
 * <pre>{@code
 * // torsion web --listen systemd:domain=INET:index=0, in a unit with StandardInput=socket
 * Endpoints.serverFromString(reactor, "systemd:name=web").listen(site);
 * }</pre>
 */
public final class SystemdServerEndpoint implements ServerEndpoint {
  private final Reactor reactor;
  private final SystemdSockets sockets;
  private final String domain;
  private final int index;
  private final String name;

  /** The socket at {@code index} of those passed; {@code domain} is INET, INET6, UNIX or null for any. */
  public SystemdServerEndpoint(Reactor reactor, String domain, int index) {
    this(reactor, SystemdSockets.ofThisProcess(), domain, index, null);
  }

  /** The socket named {@code name} (FileDescriptorName= in the socket unit). */
  public SystemdServerEndpoint(Reactor reactor, String domain, String name) {
    this(reactor, SystemdSockets.ofThisProcess(), domain, -1, name);
  }

  SystemdServerEndpoint(Reactor reactor, SystemdSockets sockets, String domain, int index, String name) {
    this.reactor = reactor;
    this.sockets = sockets;
    this.domain = domain;
    this.index = index;
    this.name = name;
    if (domain != null) {
      SystemdSockets.domain(domain); // a bad domain is a mistake in the description: say so now
    }
  }

  @Override
  public Deferred<ListeningPort> listen(Factory factory) {
    return Deferred.maybeDeferred(() -> {
      int i = name != null ? sockets.indexOf(name) : index;
      return reactor.adoptStreamPort(
          sockets.channel(i, domain == null ? null : SystemdSockets.domain(domain)), factory);
    });
  }

  @Override
  public String toString() {
    return "SystemdServerEndpoint[" + (name != null ? "name=" + name : "index=" + index)
        + (domain != null ? ", " + domain : "") + "]";
  }
}
