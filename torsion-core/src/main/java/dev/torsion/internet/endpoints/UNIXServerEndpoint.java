package dev.torsion.internet.endpoints;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.Reactor;

/**
 * A Unix domain socket to listen on: Twisted's {@code UNIXServerEndpoint}, what {@code
 * "unix:PATH"} descriptions make.
 *
 * <pre>{@code
 * new UNIXServerEndpoint(reactor, "/run/app.sock", 50, 0600, true).listen(factory);
 * }</pre>
 */
public final class UNIXServerEndpoint implements ServerEndpoint {
  private final Reactor reactor;
  private final String address;
  private final int backlog;
  private final int mode;
  private final boolean wantPID;

  /** A socket at {@code address}, mode 0666 before umask, no lock file. */
  public UNIXServerEndpoint(Reactor reactor, String address) {
    this(reactor, address, 50, 0666, false);
  }

  /**
   * A socket at {@code address} with file {@code mode}; with {@code wantPID}, a {@code .lock}
   * file holding our PID keeps a second live server off the path.
   */
  public UNIXServerEndpoint(
      Reactor reactor, String address, int backlog, int mode, boolean wantPID) {
    this.reactor = reactor;
    this.address = address;
    this.backlog = backlog;
    this.mode = mode;
    this.wantPID = wantPID;
  }

  @Override
  public Deferred<ListeningPort> listen(Factory factory) {
    return Deferred.maybeDeferred(
        () -> reactor.listenUNIX(address, factory, backlog, mode, wantPID));
  }

  public String getAddress() {
    return address;
  }

  public int getBacklog() {
    return backlog;
  }

  public int getMode() {
    return mode;
  }

  public boolean getWantPID() {
    return wantPID;
  }

  @Override
  public String toString() {
    return "UNIXServerEndpoint[" + address + "]";
  }
}
