package dev.torsion.protocols;

import dev.torsion.internet.Address;
import dev.torsion.internet.DatagramProtocol;

/**
 * Sends every datagram back to its sender (RFC 862 over UDP): the datagram counterpart of {@link
 * Echo}.
 *
 * <pre>{@code
 * reactor.listenUDP(7, new DatagramEcho());
 * }</pre>
 */
public class DatagramEcho extends DatagramProtocol {
  @Override
  public void datagramReceived(byte[] data, Address addr) {
    transport.write(data, addr);
  }
}
