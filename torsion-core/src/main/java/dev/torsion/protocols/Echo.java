package dev.torsion.protocols;

import dev.torsion.internet.BufferReceiver;
import dev.torsion.internet.HalfCloseableProtocol;
import dev.torsion.internet.Protocol;
import java.nio.ByteBuffer;

/**
 * Writes back every byte it receives (RFC 862): Twisted's {@code wire.Echo}.
 *
 * <p>It is a {@link HalfCloseableProtocol}: when the client half-closes (shuts down its sending
 * side), the echo server still writes back everything it has received, then closes. A client
 * may therefore send a whole file, half-close and read the file back to the end.
 *
 * <p>On a TCP connection it is a {@link BufferReceiver}: each read is written back straight from
 * the reactor's read buffer, with no array made or copied unless the socket cannot take it all
 * at once. A subclass that overrides {@link #dataReceived} still gets every read there.
 *
 * <pre>{@code
 * reactor.listenTCP(7, Factory.forProtocol(Echo::new));
 * }</pre>
 */
public class Echo extends Protocol implements HalfCloseableProtocol, BufferReceiver {
  /** Whether a class overrides dataReceived, which must then see every read as an array. */
  private static final ClassValue<Boolean> OVERRIDES_DATA_RECEIVED = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      try {
        return type.getMethod("dataReceived", byte[].class).getDeclaringClass() != Echo.class;
      } catch (NoSuchMethodException e) {
        throw new AssertionError(e); // Protocol declares it
      }
    }
  };

  @Override
  public void dataReceived(byte[] data) {
    transport.write(data);
  }

  @Override
  public void bufferReceived(ByteBuffer data) {
    if (OVERRIDES_DATA_RECEIVED.get(getClass())) {
      byte[] copy = new byte[data.remaining()];
      data.get(copy);
      dataReceived(copy);
    } else {
      transport.write(data);
    }
  }

  /** The client is done sending; loseConnection closes once every echoed byte is written. */
  @Override
  public void readConnectionLost() {
    transport.loseConnection();
  }
}
