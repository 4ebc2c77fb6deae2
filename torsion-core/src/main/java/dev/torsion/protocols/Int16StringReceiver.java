package dev.torsion.protocols;

/**
 * A protocol whose messages are prefixed by their length in 2 bytes, big-endian: Twisted's
 * {@code basic.Int16StringReceiver}. Payloads up to 65535 bytes can be sent; {@link #MAX_LENGTH}
 * (99999 by default) bounds what is accepted.
 *
 * <pre>{@code
 * final class Echo16 extends Int16StringReceiver {
 *   @Override public void stringReceived(byte[] s) {
 *     sendString(s);
 *   }
 * }
 * }</pre>
 *
 * @see IntNStringReceiver
 */
public abstract class Int16StringReceiver extends IntNStringReceiver {
  protected Int16StringReceiver() {
    super(2);
  }
}
