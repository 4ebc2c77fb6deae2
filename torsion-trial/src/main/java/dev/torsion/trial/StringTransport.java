package dev.torsion.trial;

import dev.torsion.internet.Address;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.Producer;
import dev.torsion.internet.Transport;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A {@link Transport} that only records: what was written, whether the connection was closed or
 * aborted, which producer was registered. Twisted's {@code proto_helpers.StringTransport}, for
 * testing a protocol without a reactor or sockets.
 *
 * <p>Nothing is ever delivered anywhere and closing does not call back into the protocol (use
 * {@link StringTransportWithDisconnection} for that). The flags are public fields, as in Twisted,
 * so a test can read them directly or set them up.
 *
 * <pre>{@code
 * StringTransport transport = new StringTransport();
 * EchoProtocol proto = new EchoProtocol();
 * proto.makeConnection(transport);
 * proto.dataReceived("hello\r\n".getBytes(UTF_8));
 * assertThat(transport.valueString()).isEqualTo("hello\r\n");
 * assertThat(transport.disconnecting).isFalse();
 * }</pre>
 */
public class StringTransport implements Transport {
  /** Whether something has asked this transport (as a producer of reads) to pause or stop. */
  public enum ProducerState {
    PRODUCING,
    PAUSED,
    STOPPED
  }

  private final ByteArrayOutputStream written = new ByteArrayOutputStream();

  /** True once {@link #loseConnection} or {@link #abortConnection} was called. */
  public boolean disconnecting;

  /** True once {@link #abortConnection} was called. */
  public boolean aborted;

  /** True once {@link #loseWriteConnection} was called. */
  public boolean writeConnectionLost;

  /** The producer registered with {@link #registerProducer}, or null. */
  public Producer producer;

  /** Whether {@link #producer} was registered as streaming (push) or not (pull). */
  public boolean streaming;

  /** This transport's own state as a producer, changed by pause/resume/stopProducing. */
  public ProducerState producerState = ProducerState.PRODUCING;

  /** The address {@link #getHost} returns. */
  public Address hostAddress;

  /** The address {@link #getPeer} returns. */
  public Address peerAddress;

  /** Last value given to {@link #setTcpNoDelay}, or null if never called. */
  public Boolean tcpNoDelay;

  /** Last value given to {@link #setTcpKeepAlive}, or null if never called. */
  public Boolean tcpKeepAlive;

  /** A transport between 10.0.0.1:12345 (host) and 192.168.1.1:54321 (peer), as in Twisted. */
  public StringTransport() {
    this(new IPv4Address("TCP", "10.0.0.1", 12345), new IPv4Address("TCP", "192.168.1.1", 54321));
  }

  /** A transport with the given addresses for {@link #getHost} and {@link #getPeer}. */
  public StringTransport(Address hostAddress, Address peerAddress) {
    this.hostAddress = hostAddress;
    this.peerAddress = peerAddress;
  }

  /** Every byte written so far, in order. */
  public byte[] value() {
    return written.toByteArray();
  }

  /** Every byte written so far, decoded as UTF-8. */
  public String valueString() {
    return new String(value(), StandardCharsets.UTF_8);
  }

  /** Forgets what was written so far; flags and producer stay as they are. */
  public void clear() {
    written.reset();
  }

  @Override
  public void write(byte[] data) {
    if (data == null) {
      throw new NullPointerException("data");
    }
    written.write(data, 0, data.length);
  }

  @Override
  public void write(ByteBuffer data) {
    // Read a duplicate: the caller's buffer is left as it was, as with a real transport's queue.
    ByteBuffer view = data.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    written.write(bytes, 0, bytes.length);
  }

  @Override
  public void writeSequence(List<byte[]> data) {
    for (byte[] piece : data) {
      write(piece);
    }
  }

  @Override
  public void loseConnection() {
    disconnecting = true;
  }

  @Override
  public void abortConnection() {
    aborted = true;
    disconnecting = true;
  }

  @Override
  public void loseWriteConnection() {
    writeConnectionLost = true;
  }

  @Override
  public Address getPeer() {
    return peerAddress;
  }

  @Override
  public Address getHost() {
    return hostAddress;
  }

  @Override
  public void setTcpNoDelay(boolean enabled) {
    tcpNoDelay = enabled;
  }

  @Override
  public void setTcpKeepAlive(boolean enabled) {
    tcpKeepAlive = enabled;
  }

  @Override
  public boolean isDisconnecting() {
    return disconnecting;
  }

  /** True once {@link #abortConnection} was called. */
  public boolean isAborted() {
    return aborted;
  }

  @Override
  public void registerProducer(Producer producer, boolean streaming) {
    if (this.producer != null) {
      throw new IllegalStateException(
          "cannot register producer " + producer + ": " + this.producer + " is still registered");
    }
    this.producer = producer;
    this.streaming = streaming;
  }

  @Override
  public void unregisterProducer() {
    if (producer == null) {
      throw new IllegalStateException("no producer is registered");
    }
    producer = null;
    streaming = false;
  }

  @Override
  public void pauseProducing() {
    checkNotStopped("pause");
    producerState = ProducerState.PAUSED;
  }

  @Override
  public void resumeProducing() {
    checkNotStopped("resume");
    producerState = ProducerState.PRODUCING;
  }

  @Override
  public void stopProducing() {
    producerState = ProducerState.STOPPED;
  }

  private void checkNotStopped(String action) {
    if (producerState == ProducerState.STOPPED) {
      throw new IllegalStateException("cannot " + action + " producing: the transport was stopped");
    }
  }

  @Override
  public String toString() {
    return "StringTransport[" + hostAddress + " -> " + peerAddress + ", " + written.size()
        + " bytes written" + (disconnecting ? ", disconnecting" : "") + "]";
  }
}
