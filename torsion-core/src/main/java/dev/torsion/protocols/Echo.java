package dev.torsion.protocols;

import dev.torsion.internet.HalfCloseableProtocol;
import dev.torsion.internet.Protocol;

/**
 * Writes back every byte it receives (RFC 862): Twisted's {@code wire.Echo}.
 *
 * <p>It is a {@link HalfCloseableProtocol}: when the client half-closes (shuts down its sending
 * side), the echo server still writes back everything it has received, then closes. A client
 * may therefore send a whole file, half-close and read the file back to the end.
 *
 * <pre>{@code
 * reactor.listenTCP(7, Factory.forProtocol(Echo::new));
 * }</pre>
 */
public class Echo extends Protocol implements HalfCloseableProtocol {
  @Override
  public void dataReceived(byte[] data) {
    transport.write(data);
  }

  /** The client is done sending; loseConnection closes once every echoed byte is written. */
  @Override
  public void readConnectionLost() {
    transport.loseConnection();
  }
}
