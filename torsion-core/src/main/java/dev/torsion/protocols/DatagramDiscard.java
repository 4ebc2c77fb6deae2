package dev.torsion.protocols;

import dev.torsion.internet.Address;
import dev.torsion.internet.DatagramProtocol;

/**
 * Ignores every datagram (RFC 863 over UDP): the datagram counterpart of {@link Discard}.
 *
 * <pre>{@code
 * reactor.listenUDP(9, new DatagramDiscard());
 * }</pre>
 */
public class DatagramDiscard extends DatagramProtocol {
  @Override
  public void datagramReceived(byte[] data, Address addr) {
    // RFC 863: "any received datagram is thrown away".
  }
}
