package dev.torsion.protocols;

import dev.torsion.internet.Protocol;
import dev.torsion.internet.Transport;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A protocol that sends and receives netstrings (<a
 * href="https://cr.yp.to/proto/netstrings.txt">cr.yp.to/proto/netstrings.txt</a>): Twisted's
 * {@code basic.NetstringReceiver}.
 *
 * <pre>
 *   "12:hello world!,"
 *    ^^ ^           ^
 *    |  |           +-- a comma ends the payload
 *    |  +-------------- a colon ends the length
 *    +----------------- decimal length, no leading zeros ("0" alone is fine)
 * </pre>
 *
 * <p>Each payload goes to {@link #stringReceived}. Bad input (no length, leading zeros, a length
 * over {@link #MAX_LENGTH}, which is 99999 by default, or a missing comma) drops the connection
 * and marks the peer as broken; nothing more is delivered from it. Length digits are checked as
 * they arrive, so a peer cannot make us buffer an endless number.
 *
 * <pre>{@code
 * final class Echo extends NetstringReceiver {
 *   @Override public void stringReceived(byte[] s) {
 *     sendString(s);
 *   }
 * }
 * }</pre>
 */
public abstract class NetstringReceiver extends Protocol {
  private static final Logger log = LoggerFactory.getLogger(NetstringReceiver.class);
  private static final byte[] NOTHING = new byte[0];

  /** The longest payload accepted, in bytes. */
  @SuppressWarnings("checkstyle:MemberName") // Twisted's name, where a Twisted user looks for it
  protected int MAX_LENGTH = 99999;

  private final ReceiveBuffer buffer = new ReceiveBuffer();
  private boolean parsingPayload;
  /** The digits of the length seen so far, while parsing the length. */
  private int digits;
  private long length;
  private boolean brokenPeer;

  @Override
  public void dataReceived(byte[] data) {
    if (brokenPeer) {
      return;
    }
    buffer.append(data);
    while (!buffer.isEmpty()) {
      if (transport != null && transport.isDisconnecting()) {
        return;
      }
      if (!parsingPayload) {
        if (!parseLength()) {
          return;
        }
      }
      if (buffer.size() < length + 1) {
        return;
      }
      byte[] payload = length == 0 ? NOTHING : buffer.take((int) length);
      byte comma = buffer.get(0);
      buffer.skip(1);
      if (comma != ',') {
        parseError("the netstring is not terminated by a comma");
        return;
      }
      parsingPayload = false;
      Transport before = transport;
      stringReceived(payload);
      if (buffer.dropIfTransportChanged(before, transport)) {
        return;
      }
    }
  }

  /** Consumes length digits and the colon; true once the length is complete. */
  private boolean parseLength() {
    int maxDigits = String.valueOf(MAX_LENGTH).length();
    while (!buffer.isEmpty()) {
      byte b = buffer.get(0);
      if (b == ':') {
        if (digits == 0) {
          parseError("the netstring does not start with a length");
          return false;
        }
        buffer.skip(1);
        digits = 0;
        parsingPayload = true;
        return true;
      }
      if (b < '0' || b > '9') {
        parseError(digits == 0 ? "the netstring does not start with a length"
            : "the netstring's length is followed by '" + printable(b) + "', not ':'");
        return false;
      }
      if (digits == 1 && length == 0) {
        parseError("the netstring's length has a leading zero");
        return false;
      }
      length = (digits == 0 ? 0 : length * 10) + (b - '0');
      digits++;
      buffer.skip(1);
      if (digits > maxDigits || length > MAX_LENGTH) {
        parseError("the netstring is longer than MAX_LENGTH (" + MAX_LENGTH + ")");
        return false;
      }
    }
    return false;
  }

  private static String printable(byte b) {
    return b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff);
  }

  private void parseError(String why) {
    log.debug("dropping connection from {}: {}", transport == null ? null : transport.getPeer(), why);
    brokenPeer = true;
    buffer.clear();
    transport.loseConnection();
  }

  /** True once the peer sent something that is not a netstring; it is no longer listened to. */
  public boolean isBrokenPeer() {
    return brokenPeer;
  }

  /** Called with each payload, framing removed. The array is the receiver's to keep. */
  public abstract void stringReceived(byte[] string);

  /** Writes {@code string} as a netstring, in one write. */
  public void sendString(byte[] string) {
    byte[] prefix = (string.length + ":").getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[prefix.length + string.length + 1];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(string, 0, out, prefix.length, string.length);
    out[out.length - 1] = ',';
    transport.write(out);
  }
}
