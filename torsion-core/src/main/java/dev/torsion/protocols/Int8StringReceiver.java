package dev.torsion.protocols;

/**
 * A protocol whose messages are prefixed by their length in 1 byte, big-endian: Twisted's
 * {@code basic.Int8StringReceiver}. Payloads up to 255 bytes can be sent; {@link #MAX_LENGTH}
 * (99999 by default) bounds what is accepted.
 *
 * <pre>{@code
 * final class Echo8 extends Int8StringReceiver {
 *   @Override public void stringReceived(byte[] s) {
 *     sendString(s);
 *   }
 * }
 * }</pre>
 *
 * @see IntNStringReceiver
 */
public abstract class Int8StringReceiver extends IntNStringReceiver {
  protected Int8StringReceiver() {
    super(1);
  }
}
