package dev.torsion.protocols;

import dev.torsion.internet.Protocol;
import dev.torsion.internet.PushProducer;
import dev.torsion.internet.Transport;

/**
 * The common part of the length-prefixed framings {@link Int8StringReceiver}, {@link
 * Int16StringReceiver} and {@link Int32StringReceiver}: Twisted's {@code
 * basic.IntNStringReceiver}. Subclass one of those three, not this.
 *
 * <pre>
 * +--------------------+------------------+
 * | length (N bytes,   | payload          |
 * | big-endian, unsig.)| (length bytes)   |
 * +--------------------+------------------+
 * </pre>
 *
 * <p>Each payload goes to {@link #stringReceived}. A prefix announcing more than {@link
 * #MAX_LENGTH} bytes (99999 by default) goes to {@link #lengthLimitExceeded}, which drops the
 * connection, before any of the payload is buffered. Strings stop being delivered once the
 * transport is disconnecting.
 *
 * <pre>{@code
 * final class Upper extends Int32StringReceiver {
 *   @Override public void stringReceived(byte[] s) {
 *     sendString(new String(s, StandardCharsets.UTF_8).toUpperCase().getBytes(StandardCharsets.UTF_8));
 *   }
 * }
 * }</pre>
 */
public abstract class IntNStringReceiver extends Protocol implements PushProducer {
  private static final byte[] NOTHING = new byte[0];

  /** The longest payload accepted, in bytes. */
  @SuppressWarnings("checkstyle:MemberName") // Twisted's name, where a Twisted user looks for it
  protected int MAX_LENGTH = 99999;

  private final int prefixLength;
  private final ReceiveBuffer buffer = new ReceiveBuffer();
  private boolean busyReceiving;
  private boolean paused;

  IntNStringReceiver(int prefixLength) {
    this.prefixLength = prefixLength;
  }

  @Override
  public void dataReceived(byte[] data) {
    buffer.append(data);
    if (busyReceiving) {
      return;
    }
    busyReceiving = true;
    try {
      while (buffer.size() >= prefixLength && !paused) {
        if (transport != null && transport.isDisconnecting()) {
          return;
        }
        long length = 0;
        for (int i = 0; i < prefixLength; i++) {
          length = (length << 8) | (buffer.get(i) & 0xff);
        }
        if (length > MAX_LENGTH) {
          buffer.clear();
          lengthLimitExceeded(length);
          return;
        }
        if (buffer.size() - prefixLength < length) {
          return;
        }
        buffer.skip(prefixLength);
        Transport before = transport;
        stringReceived(length == 0 ? NOTHING : buffer.take((int) length));
        if (buffer.dropIfTransportChanged(before, transport)) {
          return;
        }
      }
    } finally {
      busyReceiving = false;
    }
  }

  /** Called with each payload, framing removed. The array is the receiver's to keep. */
  public abstract void stringReceived(byte[] string);

  /** Called when a prefix announces more than {@link #MAX_LENGTH}; drops the connection. */
  public void lengthLimitExceeded(long length) {
    transport.loseConnection();
  }

  /**
   * Writes {@code string} with its length prefix, in one write. Throws IllegalArgumentException
   * if the prefix cannot express its length (255 bytes for int8, 65535 for int16).
   */
  public void sendString(byte[] string) {
    long max = (1L << (8 * prefixLength)) - 1;
    if (string.length > max) {
      throw new IllegalArgumentException(
          "cannot send " + string.length + " bytes with a " + (8 * prefixLength)
              + "-bit length prefix (at most " + max + ")");
    }
    byte[] out = new byte[prefixLength + string.length];
    long length = string.length;
    for (int i = prefixLength - 1; i >= 0; i--) {
      out[i] = (byte) length;
      length >>>= 8;
    }
    System.arraycopy(string, 0, out, prefixLength, string.length);
    transport.write(out);
  }

  /** Stops delivering strings and asks the transport to stop reading. */
  @Override
  public void pauseProducing() {
    paused = true;
    transport.pauseProducing();
  }

  /** Delivers the strings buffered while paused, then lets the transport read again. */
  @Override
  public void resumeProducing() {
    paused = false;
    transport.resumeProducing();
    dataReceived(NOTHING);
  }

  @Override
  public void stopProducing() {
    paused = true;
    transport.stopProducing();
  }
}
