package dev.torsion.internet.endpoints;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.endpoints.internal.WrappingFactory;

/**
 * A Unix domain socket to connect to: Twisted's {@code UNIXClientEndpoint}, what {@code
 * "unix:PATH"} client descriptions make.
 *
 * <pre>{@code
 * new UNIXClientEndpoint(reactor, "/run/app.sock").connect(Factory.forProtocol(Client::new));
 * }</pre>
 */
public final class UNIXClientEndpoint implements ClientEndpoint {
  private final Reactor reactor;
  private final String path;
  private final double timeout;
  private final boolean checkPID;

  /** The socket at {@code path}, with a 30-second timeout. */
  public UNIXClientEndpoint(Reactor reactor, String path) {
    this(reactor, path, 30, false);
  }

  /** With {@code checkPID}, refuses a socket whose server's lock file names a dead process. */
  public UNIXClientEndpoint(Reactor reactor, String path, double timeout, boolean checkPID) {
    this.reactor = reactor;
    this.path = path;
    this.timeout = timeout;
    this.checkPID = checkPID;
  }

  @Override
  public Deferred<Protocol> connect(Factory factory) {
    WrappingFactory wrapping = new WrappingFactory(factory);
    try {
      wrapping.setConnector(reactor.connectUNIX(path, wrapping, timeout, checkPID));
    } catch (RuntimeException e) {
      return Deferred.fail(e);
    }
    return wrapping.onConnection();
  }

  public String getPath() {
    return path;
  }

  public double getTimeout() {
    return timeout;
  }

  public boolean getCheckPID() {
    return checkPID;
  }

  @Override
  public String toString() {
    return "UNIXClientEndpoint[" + path + "]";
  }
}
