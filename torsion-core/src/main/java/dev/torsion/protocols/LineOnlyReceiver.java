package dev.torsion.protocols;

import dev.torsion.internet.Protocol;
import dev.torsion.internet.Transport;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A protocol that receives lines and nothing else: Twisted's {@code basic.LineOnlyReceiver}, the
 * lighter sibling of {@link LineReceiver} for protocols that never switch to raw data.
 *
 * <p>Each line, without its {@link #delimiter} ({@code "\r\n"} by default), goes to {@link
 * #lineReceived}. A line longer than {@link #MAX_LENGTH} bytes (16384 by default) goes to {@link
 * #lineLengthExceeded}, which drops the connection. Once the transport is disconnecting, the
 * remaining lines of the chunk are ignored.
 *
 * <pre>{@code
 * final class Shout extends LineOnlyReceiver {
 *   @Override public void lineReceived(byte[] line) {
 *     sendLine(new String(line, StandardCharsets.UTF_8).toUpperCase());
 *   }
 * }
 * }</pre>
 */
public abstract class LineOnlyReceiver extends Protocol {
  private static final byte[] CRLF = {'\r', '\n'};

  /** The line delimiter, {@code "\r\n"} by default. Replace it rather than change its bytes. */
  protected byte[] delimiter = CRLF;

  /** The longest line accepted, in bytes, not counting the delimiter. */
  @SuppressWarnings("checkstyle:MemberName") // Twisted's name, where a Twisted user looks for it
  protected int MAX_LENGTH = 16384;

  private final ReceiveBuffer buffer = new ReceiveBuffer();
  private int searchFrom;
  private byte[] searchedFor;

  @Override
  public void dataReceived(byte[] data) {
    buffer.append(data);
    byte[] delim = delimiter;
    if (delim != searchedFor) {
      searchedFor = delim;
      searchFrom = 0;
    }
    int at;
    while ((at = buffer.indexOf(delim, searchFrom)) >= 0) {
      searchFrom = 0;
      if (transport != null && transport.isDisconnecting()) {
        return;
      }
      if (at > MAX_LENGTH) {
        byte[] line = buffer.take(at);
        buffer.clear();
        lineLengthExceeded(line);
        return;
      }
      byte[] line = buffer.take(at);
      buffer.skip(delim.length);
      Transport before = transport;
      lineReceived(line);
      if (buffer.dropIfTransportChanged(before, transport)) {
        return;
      }
    }
    int size = buffer.size();
    searchFrom = Math.max(0, size - (delim.length - 1));
    if (size > MAX_LENGTH) {
      searchFrom = 0;
      lineLengthExceeded(buffer.takeAll());
    }
  }

  /** Called with each line, without its delimiter. The array is the receiver's to keep. */
  public abstract void lineReceived(byte[] line);

  /** Writes {@code line} and the delimiter with one gathering write. */
  public void sendLine(byte[] line) {
    transport.writeSequence(List.of(line, delimiter));
  }

  /** Writes {@code line}, encoded as UTF-8, followed by the delimiter. */
  public void sendLine(String line) {
    sendLine(line.getBytes(StandardCharsets.UTF_8));
  }

  /** Called with a line longer than {@link #MAX_LENGTH}; the default drops the connection. */
  public void lineLengthExceeded(byte[] line) {
    transport.loseConnection();
  }
}
