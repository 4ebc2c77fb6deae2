package dev.torsion.internet;

/**
 * A protocol that wants to know about half-closes instead of seeing the connection end: Twisted's
 * {@code IHalfCloseableProtocol}.
 *
 * <p>Without it, the peer's end-of-stream closes the connection. With it, the protocol gets
 * {@link #readConnectionLost} and may go on writing, then close; an echo server does this so a
 * client that sends and half-closes still gets every byte back.
 *
 * <pre>{@code
 * final class Echo extends Protocol implements HalfCloseableProtocol {
 *   @Override public void dataReceived(byte[] data) { transport.write(data); }
 *   @Override public void readConnectionLost() { transport.loseConnection(); } // after the echo
 * }
 * }</pre>
 */
public interface HalfCloseableProtocol {
  /** The peer will send nothing more; writing is still possible. */
  void readConnectionLost();

  /** Our own write side was closed by {@link Transport#loseWriteConnection}. */
  default void writeConnectionLost() {}
}
