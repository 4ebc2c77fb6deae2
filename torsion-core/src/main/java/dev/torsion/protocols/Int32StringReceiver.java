package dev.torsion.protocols;

/**
 * A protocol whose messages are prefixed by their length in 4 bytes, big-endian: Twisted's
 * {@code basic.Int32StringReceiver}. Payloads up to 4294967295 bytes can be sent; {@link #MAX_LENGTH}
 * (99999 by default) bounds what is accepted.
 *
 * <pre>{@code
 * final class Echo32 extends Int32StringReceiver {
 *   @Override public void stringReceived(byte[] s) {
 *     sendString(s);
 *   }
 * }
 * }</pre>
 *
 * @see IntNStringReceiver
 */
public abstract class Int32StringReceiver extends IntNStringReceiver {
  protected Int32StringReceiver() {
    super(4);
  }
}
