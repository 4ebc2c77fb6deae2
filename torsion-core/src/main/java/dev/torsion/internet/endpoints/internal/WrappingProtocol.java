package dev.torsion.internet.endpoints.internal;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.internal.ProtocolWrapper;

/**
 * Stands between a transport and the user's protocol just long enough to fire the endpoint's
 * Deferred after the user's {@code connectionMade}; every event is passed through unchanged.
 * The user's protocol sees the real transport.
 */
class WrappingProtocol extends Protocol implements ProtocolWrapper {
  final Protocol wrapped;
  private final Deferred<Protocol> connected;
  private boolean made;

  WrappingProtocol(Deferred<Protocol> connected, Protocol wrapped) {
    this.connected = connected;
    this.wrapped = wrapped;
  }

  @Override
  public void connectionMade() {
    made = true;
    wrapped.makeConnection(transport);
    if (!connected.called()) {
      connected.callback(wrapped);
    }
  }

  @Override
  public void dataReceived(byte[] data) {
    wrapped.dataReceived(data);
  }

  @Override
  public void connectionLost(Failure reason) {
    if (made) {
      wrapped.transportClosed(reason);
    }
    // Made but closed from inside connectionMade: connectionMade above still fires the Deferred.
    if (!made && !connected.called()) {
      connected.errback(reason);
    }
  }

  @Override
  public Protocol wrappedProtocol() {
    return wrapped;
  }

  @Override
  public String toString() {
    return "WrappingProtocol[" + wrapped + "]";
  }
}
