package dev.torsion.protocols;

import dev.torsion.internet.Protocol;

/**
 * Reads and ignores everything (RFC 863): Twisted's {@code wire.Discard}. Useful as a sink when
 * measuring how fast a client can send.
 *
 * <pre>{@code
 * reactor.listenTCP(9, Factory.forProtocol(Discard::new));
 * }</pre>
 */
public class Discard extends Protocol {
  @Override
  public void dataReceived(byte[] data) {
    // RFC 863: "any data received is thrown away".
  }
}
