package dev.torsion.trial;

import dev.torsion.internet.Address;
import dev.torsion.internet.Producer;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.PullProducer;
import dev.torsion.internet.PushProducer;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.Transport;
import dev.torsion.internet.internal.ProtocolSwitchable;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * One end of an in-memory connection made by {@link IOPump}: a {@link Transport} whose writes
 * are queued until the pump delivers them to the other end's protocol. Twisted's {@code
 * iosim.FakeTransport}.
 *
 * <p>It behaves like a TCP transport: {@code loseConnection} closes once queued data has been
 * delivered, {@code abortConnection} drops it, {@code loseWriteConnection} half-closes, a push
 * producer is paused when more than the pump's high-water mark is queued and resumed once the
 * queue drains, a pull producer is asked for more whenever the queue is empty, and {@code
 * pauseProducing} on this transport stops delivery to its own protocol, and {@code startTLS}
 * puts a real TLS layer under the protocol mid-connection (STARTTLS), as on a TCP connection.
 * Everything runs on the thread that drives the pump.
 *
 * <pre>{@code
 * IOPump pump = IOPump.connect(server, client);
 * FakeTransport clientEnd = pump.clientTransport();
 * clientEnd.pauseProducing();          // the client stops reading
 * }</pre>
 */
public final class FakeTransport implements ProtocolSwitchable {
  private final IOPump pump;
  /** The protocol connected to this end; {@link #protocol} differs from it after STARTTLS. */
  final Protocol connected;
  /** Receives this end's data and close: {@link #connected}, or the TLS layer under it. */
  Protocol protocol;
  private final Address host;
  private final Address peer;
  FakeTransport other;

  private final ArrayDeque<byte[]> outgoing = new ArrayDeque<>();
  private long queued;

  boolean disconnecting;
  boolean aborted;
  boolean writeShutdownRequested;
  boolean writeShut;
  boolean readShut;
  boolean closed;
  boolean readingPaused;

  private long highWaterMark = -1;
  private long lowWaterMark;
  private Producer producer;
  private boolean streaming;
  private boolean producerPausedByUs;

  FakeTransport(IOPump pump, Protocol protocol, Address host, Address peer) {
    this.pump = pump;
    this.connected = protocol;
    this.protocol = protocol;
    this.host = host;
    this.peer = peer;
  }

  /** The protocol connected to this end (the application's, also after {@code startTLS}). */
  public Protocol protocol() {
    return connected;
  }

  /** The protocol that receives this end's data now: after {@code startTLS}, the TLS layer. */
  @Override
  public Protocol currentProtocol() {
    return protocol;
  }

  /** Used by {@code startTLS}: later data and the close go to {@code protocol}. */
  @Override
  public void switchProtocol(Protocol protocol) {
    if (closed) {
      throw new IllegalStateException("cannot switch protocols on a closed connection: " + this);
    }
    this.protocol = Objects.requireNonNull(protocol, "protocol");
  }

  /** The pump's clock (see {@link IOPump#setReactorTime}), for the TLS handshake timeout. */
  @Override
  public ReactorTime reactorTime() {
    return pump.reactorTime();
  }

  /** Bytes written and not yet delivered to the other end. */
  public long queuedBytes() {
    return queued;
  }

  /** True once the connection has closed and this end's protocol was told. */
  public boolean isClosed() {
    return closed;
  }

  /** Pauses a push producer above {@code highWater} queued bytes, resumes at {@code lowWater}. */
  @Override
  public void setWriteBufferWaterMarks(int lowWater, int highWater) {
    if (lowWater < 0 || highWater < lowWater) {
      throw new IllegalArgumentException("water marks: low " + lowWater + ", high " + highWater);
    }
    this.lowWaterMark = lowWater;
    this.highWaterMark = highWater;
  }

  @Override
  public long getWriteBufferSize() {
    return queued;
  }

  private long highWater() {
    return highWaterMark >= 0 ? highWaterMark : pump.highWaterMark();
  }

  /** True once {@link #abortConnection} was called. */
  public boolean isAborted() {
    return aborted;
  }

  /** True while reading is paused by {@link #pauseProducing}. */
  public boolean isReadingPaused() {
    return readingPaused;
  }

  /** The producer registered on this end, or null. */
  public Producer producer() {
    return producer;
  }

  /** Whether the registered producer is a streaming (push) one. */
  public boolean isStreaming() {
    return streaming;
  }

  @Override
  public void write(byte[] data) {
    if (data.length == 0 || !canWrite()) {
      return;
    }
    outgoing.add(data);
    queued += data.length;
    afterWrite();
  }

  @Override
  public void write(ByteBuffer data) {
    if (!data.hasRemaining() || !canWrite()) {
      return;
    }
    // Copy now: the caller may reuse its buffer once the write has been accepted by the queue,
    // as a real transport copies into the socket or its own queue before that matters.
    byte[] copy = new byte[data.remaining()];
    data.duplicate().get(copy);
    outgoing.add(copy);
    queued += copy.length;
    afterWrite();
  }

  private boolean canWrite() {
    return !closed && !aborted && !writeShutdownRequested;
  }

  private void afterWrite() {
    if (producer instanceof PushProducer
        && streaming
        && !producerPausedByUs
        && queued > highWater()) {
      producerPausedByUs = true;
      ((PushProducer) producer).pauseProducing();
    }
    pump.wake();
  }

  @Override
  public void loseConnection() {
    if (closed || disconnecting) {
      return;
    }
    disconnecting = true;
    pump.wake();
  }

  @Override
  public void abortConnection() {
    if (closed || aborted) {
      return;
    }
    aborted = true;
    disconnecting = true;
    outgoing.clear();
    queued = 0;
    pump.wake();
  }

  @Override
  public void loseWriteConnection() {
    if (closed || writeShutdownRequested) {
      return;
    }
    writeShutdownRequested = true;
    pump.wake();
  }

  @Override
  public Address getPeer() {
    return peer;
  }

  @Override
  public Address getHost() {
    return host;
  }

  @Override
  public boolean isDisconnecting() {
    return disconnecting || closed;
  }

  @Override
  public void registerProducer(Producer producer, boolean streaming) {
    if (this.producer != null) {
      throw new IllegalStateException(
          "cannot register producer " + producer + ": " + this.producer + " is still registered");
    }
    if (closed) {
      producer.stopProducing();
      return;
    }
    this.producer = producer;
    this.streaming = streaming;
    this.producerPausedByUs = false;
    if (streaming && producer instanceof PushProducer && queued > highWater()) {
      producerPausedByUs = true;
      ((PushProducer) producer).pauseProducing();
    }
    pump.wake();
  }

  @Override
  public void unregisterProducer() {
    producer = null;
    streaming = false;
    producerPausedByUs = false;
    pump.wake();
  }

  /** Stops delivery of incoming data to this end's protocol until {@link #resumeProducing}. */
  @Override
  public void pauseProducing() {
    readingPaused = true;
  }

  @Override
  public void resumeProducing() {
    readingPaused = false;
    pump.wake();
  }

  /** As with TCP, a transport told to stop producing closes the connection. */
  @Override
  public void stopProducing() {
    loseConnection();
  }

  // ---- used by IOPump ----

  boolean hasQueued() {
    return queued > 0;
  }

  /** Removes up to {@code max} queued bytes, as one array. */
  byte[] take(long max) {
    byte[] first = outgoing.peek();
    if (first.length <= max && (outgoing.size() == 1 || first.length == max)) {
      outgoing.poll();
      queued -= first.length;
      return first;
    }
    int n = (int) Math.min(Math.min(queued, max), Integer.MAX_VALUE - 8);
    byte[] out = new byte[n];
    int off = 0;
    while (off < n) {
      byte[] head = outgoing.poll();
      int k = Math.min(head.length, n - off);
      System.arraycopy(head, 0, out, off, k);
      off += k;
      if (k < head.length) {
        byte[] rest = new byte[head.length - k];
        System.arraycopy(head, k, rest, 0, rest.length);
        outgoing.addFirst(rest);
      }
    }
    queued -= n;
    return out;
  }

  /** Gives producers their turn; true if that led to anything being written. */
  boolean runProducer() {
    if (producer == null || closed) {
      return false;
    }
    long before = queued;
    if (!streaming && producer instanceof PullProducer && queued == 0) {
      ((PullProducer) producer).resumeProducing();
      return queued != before || producer == null;
    }
    if (streaming && producerPausedByUs && queued <= lowWaterMark && producer instanceof PushProducer) {
      producerPausedByUs = false;
      ((PushProducer) producer).resumeProducing();
      return true;
    }
    return false;
  }

  void markClosed() {
    closed = true;
    disconnecting = true;
    outgoing.clear();
    queued = 0;
    Producer p = producer;
    producer = null;
    if (p != null) {
      p.stopProducing();
    }
  }

  @Override
  public String toString() {
    return "FakeTransport[" + host + " -> " + peer + ", " + queued + " bytes queued"
        + (closed ? ", closed" : disconnecting ? ", disconnecting" : "") + "]";
  }
}
