package dev.torsion.internet.endpoints.internal;

import dev.torsion.internet.Address;
import dev.torsion.internet.CancelledError;
import dev.torsion.internet.ClientFactory;
import dev.torsion.internet.ConnectError;
import dev.torsion.internet.Connector;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.HalfCloseableProtocol;
import dev.torsion.internet.Protocol;

/**
 * Adapts a plain Factory to the ClientFactory that {@code connectTCP}/{@code connectUNIX} want,
 * and turns their callbacks into one Deferred that fires with the user's protocol once it is
 * connected. Internal: used by the client endpoints.
 */
public final class WrappingFactory extends ClientFactory {
  private final Factory wrapped;
  private final Deferred<Protocol> onConnection;
  private Connector connector;

  public WrappingFactory(Factory wrapped) {
    this.wrapped = wrapped;
    this.onConnection = new Deferred<>(this::cancel);
  }

  /** Fires with the connected protocol; cancelling it stops the attempt. */
  public Deferred<Protocol> onConnection() {
    return onConnection;
  }

  /** The connector of the attempt, for cancelling it (also learnt from startedConnecting). */
  public void setConnector(Connector connector) {
    this.connector = connector;
  }

  private void cancel(Deferred<Protocol> d) {
    String where = connector == null ? "" : " to " + connector.getDestination();
    d.errback(new CancelledError("connecting" + where + " was cancelled"));
    if (connector != null) {
      try {
        connector.stopConnecting();
      } catch (RuntimeException notConnecting) {
        // The attempt ended meanwhile; nothing left to stop.
      }
    }
  }

  @Override
  public void startedConnecting(Connector connector) {
    this.connector = connector;
  }

  // Factory.doStart/doStop are final; our own first start and last stop pass through instead.
  @Override
  public void startFactory() {
    wrapped.doStart();
  }

  @Override
  public void stopFactory() {
    wrapped.doStop();
  }

  @Override
  public Protocol buildProtocol(Address addr) {
    Protocol protocol;
    try {
      protocol = wrapped.buildProtocol(addr);
    } catch (RuntimeException e) {
      fail(e);
      return null;
    }
    if (protocol == null) {
      fail(new ConnectError("the factory refused a protocol for " + addr));
      return null;
    }
    return protocol instanceof HalfCloseableProtocol
        ? new HalfCloseableWrappingProtocol(onConnection, protocol)
        : new WrappingProtocol(onConnection, protocol);
  }

  @Override
  public void clientConnectionFailed(Connector connector, Failure reason) {
    fail(reason);
  }

  private void fail(Throwable reason) {
    if (!onConnection.called()) {
      onConnection.errback(reason);
    }
  }
}
