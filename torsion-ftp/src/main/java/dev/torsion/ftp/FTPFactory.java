package dev.torsion.ftp;

import dev.torsion.ftp.internal.PassivePorts;
import dev.torsion.internet.Address;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import java.util.Objects;

/**
 * Makes an {@link FTP} server protocol for each control connection: Twisted's {@code
 * FTPFactory}. It holds what the connections share: the options, the pool of passive ports and
 * the connection count.
 *
 * <pre>{@code
 * Portal portal = new Portal(FTPRealm.of(Path.of("/srv/ftp")), new AllowAnonymousAccess());
 * reactor.listenTCP(2121, new FTPFactory(FTPServerOptions.builder(portal).build(), reactor));
 * }</pre>
 */
public final class FTPFactory extends Factory {
  private final FTPServerOptions options;
  private final Reactor reactor;
  private final PassivePorts passivePorts;
  private int connections;

  public FTPFactory(FTPServerOptions options, Reactor reactor) {
    this.options = Objects.requireNonNull(options, "options");
    this.reactor = Objects.requireNonNull(reactor, "reactor");
    this.passivePorts = new PassivePorts(options.passiveLow(), options.passiveHigh(),
        options.maxPassivePorts());
  }

  @Override
  public Protocol buildProtocol(Address addr) {
    FTP ftp = new FTP(options, reactor, passivePorts, this);
    ftp.setFactory(this);
    return ftp;
  }

  /** Control connections open now. */
  public synchronized int connections() {
    return connections;
  }

  /** Passive ports listening for a data connection now. */
  public int passivePortsInUse() {
    return passivePorts.inUse();
  }

  synchronized boolean connectionOpened() {
    connections++;
    return connections <= options.maxConnections();
  }

  synchronized void connectionClosed() {
    connections--;
  }
}
