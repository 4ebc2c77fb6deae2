package dev.torsion.internet.internal;

import dev.torsion.internet.Address;
import dev.torsion.internet.BufferReceiver;
import dev.torsion.internet.ConnectionAborted;
import dev.torsion.internet.ConnectionDone;
import dev.torsion.internet.ConnectionLost;
import dev.torsion.internet.Failure;
import dev.torsion.internet.HalfCloseableProtocol;
import dev.torsion.internet.Log;
import dev.torsion.internet.Producer;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.PullProducer;
import dev.torsion.internet.PushProducer;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.ReactorTime;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.net.StandardSocketOptions;
import java.util.List;

/**
 * The transport of one TCP or Unix stream connection on an {@link EventLoop}. Reads go through
 * the loop's shared buffer, writes are tried at once and queued only when the socket is full;
 * see docs/design/buffers-and-backpressure.md for the rules and the producer protocol.
 *
 * <p>State is a handful of bits rather than objects so that an idle connection is one small
 * object (plus the channel and its key): the 100,000-idle-connections budget. That is also why
 * the read path, the write path, the producer and the close/half-close machine share one class:
 * each reads and sets the same {@code flags} word and interest set (a close waits for the queue
 * and the producer; a write checks the close bits; reading stops on pause, close or FIN), so
 * splitting them would mean an object per part per connection and a field hop on every write.
 *
 * <p>It is {@link ProtocolSwitchable}, so {@code startTLS} works on TCP and Unix connections:
 * the TLS layer becomes the protocol that reads, closes and half-closes go to. A switch made
 * inside {@code dataReceived} takes effect for the next read; the rest of the chunk being
 * delivered is the old protocol's (see docs/design/tls.md on STARTTLS).
 *
 * <p>{@link #writeFile} queues a region of a file among the byte writes, sent with transferTo
 * (sendfile) so that a static file's body never enters the heap: an internal hook for
 * torsion-web's HTTP/1.1 over plaintext (docs/design/performance.md).
 */
public final class StreamConnection implements ProtocolSwitchable, Selectable {
  private static final int DISCONNECTING = 1; // loseConnection: close once drained
  private static final int WRITE_DISCONNECTING = 1 << 1; // loseWriteConnection pending
  private static final int WRITE_DISCONNECTED = 1 << 2; // shutdownOutput done
  private static final int READ_DISCONNECTED = 1 << 3; // peer's FIN seen (half-close)
  private static final int CLOSED = 1 << 4;
  private static final int ABORTING = 1 << 5; // close queued for this turn
  private static final int READ_PAUSED = 1 << 6; // pauseProducing()
  private static final int PRODUCER_PAUSED = 1 << 7; // our producer is paused
  private static final int STREAMING = 1 << 8; // our producer is a push producer
  private static final int SWITCHED = 1 << 9; // a layer (TLS) was switched in: no writeFile
  private static final int GATHERING = 1 << 10; // in a burst of full reads: writes wait for its end

  private static final int NO_READ = READ_PAUSED | DISCONNECTING | READ_DISCONNECTED | CLOSED | ABORTING;
  /** Reads per readiness event while each fills the whole buffer, before other sockets get a go. */
  private static final int MAX_READS = 8;

  private final EventLoop loop;
  private final SocketChannel channel;
  private Protocol protocol; // replaced by startTLS (switchProtocol), on the loop thread
  private final StreamConnector connector; // null on the accepting side
  private final boolean unix;
  private SelectionKey key;
  private WriteQueue queue;
  private Producer producer;
  private int flags;
  private int interest;
  private int lowWater;
  private int highWater;
  private Address peer;
  private Address host;

  private StreamConnection(
      EventLoop loop, SocketChannel channel, Protocol protocol, StreamConnector connector, boolean unix) {
    this.loop = loop;
    this.channel = channel;
    this.protocol = protocol;
    this.connector = connector;
    this.unix = unix;
    this.lowWater = loop.lowWater();
    this.highWater = loop.highWater();
  }

  /**
   * Takes over an accepted channel: builds the protocol (null refuses the connection), registers
   * for reading and calls {@code makeConnection}. On {@code loop}'s thread.
   */
  public static void accepted(EventLoop loop, SocketChannel ch, dev.torsion.internet.Factory factory, boolean unix) {
    Address peer;
    Protocol p;
    try {
      ch.configureBlocking(false);
      if (!unix) {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      }
      peer = Addresses.of(ch.getRemoteAddress(), "TCP");
    } catch (IOException e) {
      closeQuietly(ch); // the peer left already
      return;
    }
    try {
      p = factory.buildProtocol(peer);
    } catch (Throwable t) {
      Log.err(t, "Unhandled error in " + factory.getClass().getName() + ".buildProtocol");
      closeQuietly(ch);
      return;
    }
    if (p == null) {
      closeQuietly(ch); // the factory refused the connection
      return;
    }
    StreamConnection c = new StreamConnection(loop, ch, p, null, unix);
    c.peer = peer;
    try {
      c.key = loop.register(ch, SelectionKey.OP_READ, c);
    } catch (IOException | RuntimeException e) {
      closeQuietly(ch);
      return;
    }
    c.interest = SelectionKey.OP_READ;
    c.start();
  }

  /** Takes over a connected client channel whose key the connector registered. */
  static StreamConnection connected(
      EventLoop loop, SocketChannel ch, SelectionKey key, Protocol p, StreamConnector connector,
      Address peer, boolean unix) {
    StreamConnection c = new StreamConnection(loop, ch, p, connector, unix);
    c.peer = peer;
    c.key = key;
    key.attach(c);
    c.interest = -1;
    c.setInterest(SelectionKey.OP_READ);
    return c;
  }

  void start() {
    try {
      protocol.makeConnection(this);
    } catch (Throwable t) {
      protocolFailed(t, "connectionMade");
    }
  }

  // ---- the loop calls these ----

  @Override
  public void onReady(int readyOps) {
    if ((readyOps & SelectionKey.OP_READ) != 0 && (flags & NO_READ) == 0) {
      doRead();
    }
    if ((readyOps & SelectionKey.OP_WRITE) != 0 && (flags & (CLOSED | ABORTING)) == 0) {
      doWrite();
    }
  }

  /**
   * Reads what the socket has, up to MAX_READS times while each read fills its buffer. A full
   * read means more is waiting, so from then on the burst's writes are queued, not sent: read
   * buffer i holds read i's bytes until the burst ends (a written-back one is queued as it is,
   * not copied), and one gathering write at the end sends them all. An echo or relay under load
   * then makes one writev per burst instead of a write per read, as Netty's flush on
   * channelReadComplete does; a read that does not fill its buffer (a request, a ping) is still
   * answered by a write at once.
   */
  private void doRead() {
    Failure lost = null;
    boolean eof = false;
    for (int i = 0; i < MAX_READS; i++) {
      ByteBuffer buf = loop.readBuffer(i);
      int n;
      try {
        n = channel.read(buf);
      } catch (IOException e) {
        lost = lost(e);
        break;
      }
      if (n < 0) {
        eof = true;
        break;
      }
      if (n == 0) {
        break;
      }
      buf.flip();
      boolean full = n == buf.capacity();
      if (full) {
        flags |= GATHERING;
      }
      Protocol p = protocol;
      try {
        if (p instanceof BufferReceiver) {
          ((BufferReceiver) p).bufferReceived(buf); // in place: see send() for what it writes back
        } else {
          byte[] data = new byte[n];
          buf.get(data);
          p.dataReceived(data);
        }
      } catch (Throwable t) {
        flags &= ~GATHERING;
        protocolFailed(t, p instanceof BufferReceiver ? "bufferReceived" : "dataReceived");
        return;
      }
      if (!full || (flags & NO_READ) != 0) {
        break;
      }
    }
    if ((flags & GATHERING) != 0) {
      flushBurst();
    }
    // The burst's writes went first: the peer's FIN or a reset comes after the bytes read before it.
    if ((flags & CLOSED) != 0) {
      return;
    }
    if (lost != null) {
      closeNow(lost, false);
    } else if (eof) {
      readEof();
    }
  }

  /**
   * Ends a burst: one gathering write of what it queued; what the socket did not take is copied
   * out of the read buffers, which the next burst reuses, and waits for writable as usual.
   */
  private void flushBurst() {
    flags &= ~GATHERING;
    if ((flags & (CLOSED | ABORTING)) != 0 || queue == null || queue.isEmpty()) {
      return;
    }
    if (flushQueue()) {
      if (producer != null && (flags & STREAMING) == 0) {
        setInterest(interest | SelectionKey.OP_WRITE); // a pull producer is asked on writable
      }
      return;
    }
    if ((flags & CLOSED) != 0) {
      return;
    }
    queue.copyReadBuffers(loop);
    setInterest(interest | SelectionKey.OP_WRITE);
    checkHighWater();
  }

  private void readEof() {
    if (!(protocol instanceof HalfCloseableProtocol)) {
      closeNow(done(), false);
      return;
    }
    flags |= READ_DISCONNECTED;
    setInterest(interest & ~SelectionKey.OP_READ);
    try {
      ((HalfCloseableProtocol) protocol).readConnectionLost();
    } catch (Throwable t) {
      protocolFailed(t, "readConnectionLost");
      return;
    }
    if ((flags & WRITE_DISCONNECTED) != 0) {
      closeNow(done(), false);
    }
  }

  private void doWrite() {
    if (queue != null && !queue.isEmpty()) {
      if (!flushQueue()) {
        if ((flags & CLOSED) != 0) {
          return;
        }
        if ((flags & PRODUCER_PAUSED) != 0 && queue.bytes() <= lowWater) {
          resumeProducer();
        }
        return;
      }
    }
    setInterest(interest & ~SelectionKey.OP_WRITE);
    // Drained. As Twisted's doWrite: a pull or paused producer is asked for more first; a close
    // waits until the producer unregisters or stops being asked.
    if (producer != null && ((flags & STREAMING) == 0 || (flags & PRODUCER_PAUSED) != 0)) {
      resumeProducer();
    } else if ((flags & DISCONNECTING) != 0) {
      closeNow(done(), false);
    } else if ((flags & WRITE_DISCONNECTING) != 0) {
      shutdownOutput();
    }
  }

  /** Sends what the queue holds; false if the socket is full or the write failed (then closed). */
  private boolean flushQueue() {
    try {
      return queue.flushTo(channel);
    } catch (IOException e) {
      closeNow(writeFailed(e), false);
      return false;
    }
  }

  private void resumeProducer() {
    flags &= ~PRODUCER_PAUSED;
    try {
      resume(producer);
    } catch (Throwable t) {
      protocolFailed(t, "resumeProducing");
    }
  }

  private void shutdownOutput() {
    flags = (flags & ~WRITE_DISCONNECTING) | WRITE_DISCONNECTED;
    try {
      channel.shutdownOutput();
    } catch (IOException e) {
      closeNow(lost(e), false);
      return;
    }
    if (protocol instanceof HalfCloseableProtocol) {
      try {
        ((HalfCloseableProtocol) protocol).writeConnectionLost();
      } catch (Throwable t) {
        protocolFailed(t, "writeConnectionLost");
        return;
      }
    }
    if ((flags & READ_DISCONNECTED) != 0) {
      closeNow(done(), false);
    }
  }

  @Override
  public void shutdown(Failure reason) {
    closeNow(reason, false);
  }

  // ---- Transport ----

  @Override
  public void write(byte[] data) {
    if (data.length == 0 || (flags & (CLOSED | ABORTING | WRITE_DISCONNECTED)) != 0) {
      return;
    }
    send(ByteBuffer.wrap(data));
  }

  @Override
  public void write(ByteBuffer data) {
    if (!data.hasRemaining() || (flags & (CLOSED | ABORTING | WRITE_DISCONNECTED)) != 0) {
      return;
    }
    send(data);
  }

  private void send(ByteBuffer b) {
    if ((flags & GATHERING) != 0) {
      // In a burst (see doRead): queue without copying; flushBurst writes and checks the marks.
      ByteBuffer view = loop.lendQueuedView(b);
      if (view == null && loop.isReadBuffer(b)) {
        view = copyRest(b);
      }
      if (queue == null) {
        queue = new WriteQueue();
      }
      queue.add(view == null ? b : view);
      return;
    }
    if (queue == null || queue.isEmpty()) {
      try {
        channel.write(b);
      } catch (IOException e) {
        failSoon(lost(e));
        return;
      }
      if (!b.hasRemaining()) {
        if (producer != null && (flags & STREAMING) == 0) {
          setInterest(interest | SelectionKey.OP_WRITE); // a pull producer is asked on writable
        }
        return;
      }
    }
    if (loop.isReadBuffer(b)) {
      // A BufferReceiver writing back the reactor's read buffer: what the socket did not take must
      // outlive this read, so only that part is copied.
      b = copyRest(b);
    }
    if (queue == null) {
      queue = new WriteQueue();
    }
    queue.add(b);
    setInterest(interest | SelectionKey.OP_WRITE);
    checkHighWater();
  }

  static ByteBuffer copyRest(ByteBuffer b) {
    ByteBuffer rest = ByteBuffer.allocate(b.remaining());
    rest.put(b).flip();
    return rest;
  }

  @Override
  public void writeSequence(List<byte[]> data) {
    if ((flags & (CLOSED | ABORTING | WRITE_DISCONNECTED)) != 0) {
      return;
    }
    if (queue == null) {
      queue = new WriteQueue();
    }
    boolean wasEmpty = queue.isEmpty();
    for (byte[] piece : data) {
      queue.add(ByteBuffer.wrap(piece));
    }
    if (queue.isEmpty() || (flags & GATHERING) != 0) {
      return; // nothing to send, or a burst's end sends it (doRead)
    }
    if (wasEmpty) {
      try {
        if (queue.flushTo(channel)) {
          if (producer != null && (flags & STREAMING) == 0) {
            setInterest(interest | SelectionKey.OP_WRITE);
          }
          return;
        }
      } catch (IOException e) {
        failSoon(writeFailed(e));
        return;
      }
    }
    setInterest(interest | SelectionKey.OP_WRITE);
    checkHighWater();
  }

  /** Whether {@link #writeFile} may be used: bytes go to the socket as written, no TLS layer between. */
  public boolean canWriteFile() {
    return (flags & SWITCHED) == 0;
  }

  /**
   * Queues {@code count} bytes of {@code file} from {@code position}, after everything written
   * so far and before anything written later, to be sent with {@link FileChannel#transferTo}
   * whenever the socket is writable. The region counts toward the write buffer size, so a
   * streaming producer is paused while it is large and resumed when it has drained to the low
   * mark. The connection owns {@code file} from this call on: it closes it when the region has
   * been sent, when sending fails, or when the connection closes first (a closed connection
   * closes it at once). If the file turns out shorter than the region, the connection is closed
   * with a ConnectionLost (the peer was promised bytes that will not come). For plain
   * connections only ({@link #canWriteFile}); on the loop thread.
   */
  public void writeFile(FileChannel file, long position, long count) {
    if (position < 0 || count < 0) {
      closeQuietly(file);
      throw new IllegalArgumentException("bad region: position " + position + ", count " + count);
    }
    if ((flags & SWITCHED) != 0) {
      closeQuietly(file);
      throw new IllegalStateException("cannot send a file past the layer switched in on " + this);
    }
    if (count == 0 || (flags & (CLOSED | ABORTING | WRITE_DISCONNECTED)) != 0) {
      closeQuietly(file);
      return;
    }
    FileRegion region = new FileRegion(file, position, count);
    if ((flags & GATHERING) == 0 && (queue == null || queue.isEmpty())) {
      try {
        region.transferTo(channel);
      } catch (IOException e) {
        region.close();
        failSoon(writeFailed(e));
        return;
      }
      if (region.remaining() == 0) {
        region.close();
        if (producer != null && (flags & STREAMING) == 0) {
          setInterest(interest | SelectionKey.OP_WRITE); // a pull producer is asked on writable
        }
        return;
      }
    }
    if (queue == null) {
      queue = new WriteQueue();
    }
    queue.add(region);
    setInterest(interest | SelectionKey.OP_WRITE);
    checkHighWater();
  }

  private void checkHighWater() {
    if (producer != null
        && (flags & (STREAMING | PRODUCER_PAUSED)) == STREAMING
        && queue.bytes() > highWater) {
      flags |= PRODUCER_PAUSED;
      try {
        ((PushProducer) producer).pauseProducing();
      } catch (Throwable t) {
        Log.err(t, "Unhandled error in " + producer.getClass().getName() + ".pauseProducing");
        failSoon(Failure.of(new ConnectionLost("producer failed: " + t, t)));
      }
    }
  }

  @Override
  public void registerProducer(Producer p, boolean streaming) {
    if (producer != null) {
      throw new IllegalStateException(
          "Cannot register producer " + p + ", because producer " + producer
              + " was never unregistered.");
    }
    if (streaming ? !(p instanceof PushProducer) : !(p instanceof PullProducer || p instanceof PushProducer)) {
      throw new IllegalArgumentException(
          "a " + (streaming ? "streaming producer must be a PushProducer" : "producer must be a PullProducer") + ": " + p);
    }
    if ((flags & (CLOSED | ABORTING)) != 0) {
      p.stopProducing();
      return;
    }
    producer = p;
    flags = (flags & ~(STREAMING | PRODUCER_PAUSED)) | (streaming ? STREAMING : 0);
    if (!streaming) {
      resume(p);
    } else if (queue != null) {
      checkHighWater();
    }
  }

  /** Asks a pull producer for more (or resumes a push producer registered as pull, as Twisted). */
  private static void resume(Producer p) {
    if (p instanceof PullProducer) {
      ((PullProducer) p).resumeProducing();
    } else {
      ((PushProducer) p).resumeProducing();
    }
  }

  @Override
  public void unregisterProducer() {
    producer = null;
    flags &= ~(STREAMING | PRODUCER_PAUSED);
    if ((flags & (DISCONNECTING | WRITE_DISCONNECTING)) != 0 && (flags & (CLOSED | ABORTING)) == 0) {
      setInterest(interest | SelectionKey.OP_WRITE); // finish the close that waited for it
    }
  }

  @Override
  public void loseConnection() {
    if ((flags & (CLOSED | ABORTING | DISCONNECTING)) != 0) {
      return;
    }
    flags |= DISCONNECTING;
    // Writable comes on the next select: doWrite sends the rest, then closes.
    setInterest(SelectionKey.OP_WRITE);
  }

  @Override
  public void loseWriteConnection() {
    if ((flags & (CLOSED | ABORTING | WRITE_DISCONNECTING | WRITE_DISCONNECTED)) != 0) {
      return;
    }
    flags |= WRITE_DISCONNECTING;
    setInterest(interest | SelectionKey.OP_WRITE);
  }

  @Override
  public void abortConnection() {
    if ((flags & (CLOSED | ABORTING)) != 0) {
      return;
    }
    if (queue != null) {
      queue.clear();
    }
    flags |= ABORTING;
    setInterest(0);
    loop.runSoon(() -> closeNow(Failure.of(new ConnectionAborted("Connection was aborted locally.")), true));
  }

  /** An I/O error inside a protocol's own call: close on this turn, not inside its frame. */
  private void failSoon(Failure reason) {
    if ((flags & (CLOSED | ABORTING)) != 0) {
      return;
    }
    if (queue != null) {
      queue.clear();
    }
    flags |= ABORTING;
    setInterest(0);
    loop.runSoon(() -> closeNow(reason, false));
  }

  private void protocolFailed(Throwable t, String method) {
    if (t instanceof VirtualMachineError) {
      throw (VirtualMachineError) t;
    }
    String name = protocol.getClass().getName();
    Log.err(t, "Unhandled error in " + name + "." + method + "; dropping the connection");
    closeNow(Failure.of(new ConnectionLost(name + "." + method + " raised " + t, t)), true);
  }

  /** Closes the socket and tells the protocol, producer and connector, once. */
  private void closeNow(Failure reason, boolean reset) {
    if ((flags & CLOSED) != 0) {
      return;
    }
    flags |= CLOSED;
    if (reset && !unix) {
      try {
        channel.setOption(StandardSocketOptions.SO_LINGER, 0); // abort: RST, not FIN
      } catch (IOException | RuntimeException ignored) {
        // already closed by the peer
      }
    }
    if (key != null) {
      key.cancel();
    }
    closeQuietly(channel);
    if (queue != null) {
      queue.clear();
      queue = null;
    }
    Producer p = producer;
    producer = null;
    if (p != null) {
      try {
        p.stopProducing();
      } catch (Throwable t) {
        Log.err(t, "Unhandled error in " + p.getClass().getName() + ".stopProducing");
      }
    }
    try {
      protocol.transportClosed(reason);
    } catch (Throwable t) {
      Log.err(t, "Unhandled error in " + protocol.getClass().getName() + ".connectionLost");
    }
    if (connector != null) {
      connector.connectionLost(reason);
    }
  }

  private void setInterest(int ops) {
    if ((flags & NO_READ) == 0) {
      ops |= SelectionKey.OP_READ;
    } else {
      ops &= ~SelectionKey.OP_READ;
    }
    if ((flags & (CLOSED | ABORTING)) != 0) {
      ops = 0;
    }
    if (ops != interest && key != null && key.isValid()) {
      key.interestOps(ops);
      interest = ops;
    }
  }

  // ---- reading as a producer ----

  @Override
  public void pauseProducing() {
    flags |= READ_PAUSED;
    setInterest(interest);
  }

  @Override
  public void resumeProducing() {
    flags &= ~READ_PAUSED;
    setInterest(interest);
  }

  @Override
  public void stopProducing() {
    loseConnection();
  }

  // ---- the rest of Transport ----

  @Override
  public Address getPeer() {
    if (peer == null) {
      try {
        peer = Addresses.of(channel.getRemoteAddress(), "TCP");
      } catch (IOException e) {
        return null;
      }
    }
    return peer;
  }

  @Override
  public Address getHost() {
    if (host == null) {
      try {
        host = Addresses.of(channel.getLocalAddress(), "TCP");
      } catch (IOException e) {
        return null;
      }
    }
    return host;
  }

  @Override
  public void setTcpNoDelay(boolean enabled) {
    setOption(StandardSocketOptions.TCP_NODELAY, enabled);
  }

  @Override
  public void setTcpKeepAlive(boolean enabled) {
    setOption(StandardSocketOptions.SO_KEEPALIVE, enabled);
  }

  private void setOption(java.net.SocketOption<Boolean> option, boolean enabled) {
    if (unix || (flags & CLOSED) != 0) {
      return;
    }
    try {
      channel.setOption(option, enabled);
    } catch (IOException e) {
      failSoon(lost(e));
    }
  }

  @Override
  public boolean isDisconnecting() {
    return (flags & (DISCONNECTING | ABORTING | CLOSED)) != 0;
  }

  @Override
  public void setWriteBufferWaterMarks(int lowWater, int highWater) {
    EventLoop.checkMarks(lowWater, highWater);
    this.lowWater = lowWater;
    this.highWater = highWater;
    if (queue != null) {
      checkHighWater();
    }
  }

  @Override
  public long getWriteBufferSize() {
    return queue == null ? 0 : queue.bytes();
  }

  /** The protocol this transport feeds. */
  public Protocol protocol() {
    return protocol;
  }

  // ---- ProtocolSwitchable: STARTTLS ----

  @Override
  public Protocol currentProtocol() {
    return protocol;
  }

  @Override
  public void switchProtocol(Protocol protocol) {
    if ((flags & CLOSED) != 0) {
      throw new IllegalStateException("cannot switch protocols on a closed connection: " + this);
    }
    this.protocol = java.util.Objects.requireNonNull(protocol, "protocol");
    flags |= SWITCHED;
  }

  @Override
  public ReactorTime reactorTime() {
    return loop.reactor();
  }

  /** The reactor this connection runs on; its pool is where a file for {@link #writeFile} is opened. */
  public Reactor reactor() {
    return loop.reactor();
  }

  @Override
  public boolean isPort() {
    return false;
  }

  @Override
  public String describe() {
    return (unix ? "UNIX" : "TCP") + " connection " + Addresses.text(getHost()) + " <-> "
        + Addresses.text(getPeer()) + " (" + protocol.getClass().getName() + ")";
  }

  @Override
  public String toString() {
    return "<" + describe() + ">";
  }

  private static Failure done() {
    return Failure.of(new ConnectionDone("Connection was closed cleanly."));
  }

  /** Why a write or flush failed: the peer, or a file region that came up short. */
  private static Failure writeFailed(IOException e) {
    if (e instanceof FileRegion.Truncated) {
      return Failure.of(new ConnectionLost("Cannot send a file region: " + e.getMessage(), e));
    }
    return lost(e);
  }

  private static Failure lost(IOException e) {
    return Failure.of(new ConnectionLost(
        "Connection to the other side was lost in a non-clean fashion: " + e.getMessage(), e));
  }

  /** Closes {@code ch}, ignoring a failure: for channels we are giving up on, or only read. */
  public static void closeQuietly(java.nio.channels.Channel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // nothing to do: we wanted it closed
    }
  }
}
