package dev.torsion.internet.endpoints.internal;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.HalfCloseableProtocol;
import dev.torsion.internet.Protocol;

/**
 * A {@link WrappingProtocol} for a user protocol that opts into half-close: transports look for
 * {@link HalfCloseableProtocol} on the protocol they hold, so the wrapper must carry it too.
 */
final class HalfCloseableWrappingProtocol extends WrappingProtocol implements HalfCloseableProtocol {
  HalfCloseableWrappingProtocol(Deferred<Protocol> connected, Protocol wrapped) {
    super(connected, wrapped);
  }

  @Override
  public void readConnectionLost() {
    ((HalfCloseableProtocol) wrapped).readConnectionLost();
  }

  @Override
  public void writeConnectionLost() {
    ((HalfCloseableProtocol) wrapped).writeConnectionLost();
  }
}
