package dev.torsion.protocols;

import dev.torsion.internet.Protocol;
import dev.torsion.internet.PushProducer;
import dev.torsion.internet.Transport;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A protocol that splits the incoming stream into lines, and can switch to raw data and back:
 * Twisted's {@code basic.LineReceiver}, for line-based protocols such as SMTP, POP3, IRC or an
 * HTTP/1 header block.
 *
 * <p>In line mode each line, without its delimiter, goes to {@link #lineReceived}; after {@link
 * #setRawMode} every chunk goes to {@link #rawDataReceived} instead, until {@link #setLineMode}.
 * Switching inside either callback is safe: the bytes already received after the current line go
 * to the handler of the new mode. Lines stop being delivered once the transport is disconnecting,
 * so a {@code QUIT} in the middle of a chunk is the last line seen. A line whose handler starts
 * TLS ({@code transport.startTLS}) is the last plaintext line: bytes buffered after it are
 * discarded, never delivered as if they had come through TLS (the STARTTLS injection attack).
 *
 * <p>Set {@link #delimiter} and {@link #MAX_LENGTH} (bytes per line, 16384 by default) in the
 * subclass's constructor, as a Twisted subclass sets its class attributes. A line longer than
 * {@code MAX_LENGTH} goes to {@link #lineLengthExceeded}, which drops the connection.
 *
 * <pre>{@code
 * final class Greeter extends LineReceiver {
 *   Greeter() { delimiter = new byte[] {'\n'}; }
 *
 *   @Override public void lineReceived(byte[] line) {
 *     sendLine("hello, " + new String(line, StandardCharsets.UTF_8));
 *   }
 * }
 * }</pre>
 *
 * <p>It is also a {@link PushProducer}: {@link #pauseProducing} stops delivering lines (and
 * reading from the transport) until {@link #resumeProducing}, as Twisted's does.
 */
public abstract class LineReceiver extends Protocol implements PushProducer {
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] NOTHING = new byte[0];

  /** The line delimiter, {@code "\r\n"} by default. Replace it rather than change its bytes. */
  protected byte[] delimiter = CRLF;

  /** The longest line accepted, in bytes, not counting the delimiter. */
  @SuppressWarnings("checkstyle:MemberName") // Twisted's name, where a Twisted user looks for it
  protected int MAX_LENGTH = 16384;

  private final ReceiveBuffer buffer = new ReceiveBuffer();
  private boolean lineMode = true;
  private boolean busyReceiving;
  private boolean paused;
  /** Offset into the buffer before which no delimiter starts: saves rescanning a long line. */
  private int searchFrom;
  /** The delimiter {@link #searchFrom} was computed for; a subclass may swap delimiters. */
  private byte[] searchedFor;

  @Override
  public void dataReceived(byte[] data) {
    buffer.append(data);
    if (busyReceiving) {
      // Re-entered from a callback (setLineMode(extra) or a nested dataReceived): the loop below,
      // already running further up the stack, will reach these bytes in order.
      return;
    }
    busyReceiving = true;
    try {
      deliver();
    } finally {
      busyReceiving = false;
    }
  }

  private void deliver() {
    while (!buffer.isEmpty() && !paused) {
      // Twisted's transports stop reading on loseConnection; ours may still hand us a chunk.
      if (transport != null && transport.isDisconnecting()) {
        return;
      }
      if (lineMode) {
        byte[] delim = delimiter;
        if (delim != searchedFor) {
          searchedFor = delim;
          searchFrom = 0;
        }
        int at = buffer.indexOf(delim, searchFrom);
        if (at < 0) {
          int size = buffer.size();
          if (size >= MAX_LENGTH + delim.length) {
            searchFrom = 0;
            lineLengthExceeded(buffer.takeAll());
          } else {
            searchFrom = Math.max(0, size - (delim.length - 1));
          }
          return;
        }
        searchFrom = 0;
        if (at > MAX_LENGTH) {
          // Twisted hands over the long line with everything after it.
          lineLengthExceeded(buffer.takeAll());
          return;
        }
        byte[] line = buffer.take(at);
        buffer.skip(delim.length);
        Transport before = transport;
        lineReceived(line);
        if (buffer.dropIfTransportChanged(before, transport)) {
          return;
        }
      } else {
        rawDataReceived(buffer.takeAll());
      }
    }
  }

  /** Called with each line, without its delimiter. The array is the receiver's to keep. */
  public abstract void lineReceived(byte[] line);

  /**
   * Called in raw mode with each chunk. Override it if you call {@link #setRawMode}; the default
   * throws, as Twisted's raises NotImplementedError.
   */
  public void rawDataReceived(byte[] data) {
    throw new UnsupportedOperationException(
        getClass().getName() + " called setRawMode() but does not override rawDataReceived");
  }

  /** Sends bytes from now on to {@link #rawDataReceived}, including any already buffered. */
  public void setRawMode() {
    lineMode = false;
    searchFrom = 0;
  }

  /** Parses lines again from now on, starting with any bytes already buffered. */
  public void setLineMode() {
    lineMode = true;
    searchFrom = 0;
  }

  /**
   * Switches to line mode, then parses {@code extra}: from {@link #rawDataReceived}, the bytes of
   * the chunk that belong to the lines after the raw part.
   */
  public void setLineMode(byte[] extra) {
    setLineMode();
    if (extra != null && extra.length > 0) {
      dataReceived(extra);
    }
  }

  /** True in line mode, false in raw mode. */
  public boolean isLineMode() {
    return lineMode;
  }

  /** Drops the buffered bytes not yet delivered and returns them. */
  public byte[] clearLineBuffer() {
    searchFrom = 0;
    return buffer.takeAll();
  }

  /** Writes {@code line} followed by the delimiter. */
  public void sendLine(byte[] line) {
    byte[] delim = delimiter;
    byte[] out = Arrays.copyOf(line, line.length + delim.length);
    System.arraycopy(delim, 0, out, line.length, delim.length);
    transport.write(out);
  }

  /** Writes {@code line}, encoded as UTF-8, followed by the delimiter. */
  public void sendLine(String line) {
    sendLine(line.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Called when a line is longer than {@link #MAX_LENGTH}, with the buffered bytes starting at
   * that line (it may be only its beginning, or be followed by more). The default drops the
   * connection.
   */
  public void lineLengthExceeded(byte[] line) {
    transport.loseConnection();
  }

  /** Stops delivering lines and asks the transport to stop reading. */
  @Override
  public void pauseProducing() {
    paused = true;
    transport.pauseProducing();
  }

  /** Delivers the lines buffered while paused, then lets the transport read again. */
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
