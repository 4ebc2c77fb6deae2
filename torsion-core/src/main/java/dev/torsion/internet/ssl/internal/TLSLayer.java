package dev.torsion.internet.ssl.internal;

import dev.torsion.internet.Address;
import dev.torsion.internet.ConnectionAborted;
import dev.torsion.internet.ConnectionDone;
import dev.torsion.internet.ConnectionLost;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Failure;
import dev.torsion.internet.HalfCloseableProtocol;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.IPv6Address;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.TimeoutError;
import dev.torsion.internet.ssl.HandshakeListener;
import dev.torsion.internet.ssl.TLSError;
import dev.torsion.internet.ssl.TLSHandshakeError;
import dev.torsion.internet.ssl.TLSOptions;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

/**
 * TLS as a protocol sitting on any byte transport, carrying an application protocol above it:
 * the idea of Twisted's TLSMemoryBIOProtocol, on {@link SSLEngine}.
 *
 * <pre>
 *   app Protocol  --write-->  TLSLayerTransport --pendingWrites--> engine.wrap --netOut--> transport
 *   app Protocol <--dataReceived-- appIn <-- engine.unwrap <--netIn-- dataReceived(ciphertext)
 * </pre>
 *
 * Everything is driven by {@link #advance}, run after every event (bytes in, app write, close,
 * resume). It loops doing whatever the engine can do (handshake wraps and tasks, wrapping queued
 * writes, sending close_notify, unwrapping buffered input) until nothing moves, so it never
 * spins: every pass must consume or produce bytes to go round again. Re-entrant calls (the app
 * writing from dataReceived) only mark that another pass is needed. See docs/design/tls.md.
 *
 * <p>It is a {@link HalfCloseableProtocol} for the transport below, so that a TCP FIN after the
 * peer's close_notify does not cut off what the application still writes (TLS 1.3 half-close);
 * a FIN without close_notify closes the connection as a truncation.
 */
public final class TLSLayer extends Protocol implements HalfCloseableProtocol {
  private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};
  /** The largest batch of queued writes wrapped from the reused {@link #wrapSrcs} array. */
  private static final int KEEP_SRCS = 64;

  private final TLSOptions options;
  private final Protocol app;
  private final ReactorTime time;
  private final boolean appAlreadyConnected;
  private final TLSLayerTransport appTransport;
  private final List<Deferred<Void>> handshakeWaiters = new ArrayList<>();
  // Room for two at first: an idle connection keeps this deque, and most writes leave at once.
  final ArrayDeque<ByteBuffer> pendingWrites = new ArrayDeque<>(2);
  private ByteBuffer[] wrapSrcs; // scratch for wrapPending, made at the first application write

  SSLEngine engine;
  // An idle layer holds none of these buffers (see TLSScratch and docs/design/tls.md, Buffers).
  private ByteBuffer netIn; // read mode: ciphertext received, not yet unwrapped; null if none
  private boolean netInBorrowed; // netIn came from TLSScratch (else it is an array of our own)
  private ByteBuffer appIn; // write mode, borrowed during unwrapBuffered only
  private ByteBuffer netOut; // write mode, borrowed from a wrap until its flush
  private int packetSize;
  private int appSize;

  boolean handshakeDone;
  private boolean sawFinished;
  boolean closeRequested;
  boolean writeCloseRequested; // loseWriteConnection: close_notify, then half-close below
  private boolean closeNotifySent;
  private boolean closedBelow; // loseConnection called on the transport below
  private boolean writeShutBelow; // loseWriteConnection called on the transport below
  private boolean appToldWriteClosed;
  private boolean truncated; // FIN below while we still expected data and no close_notify
  private boolean peerClosed;
  boolean lost;
  boolean readPaused;
  Failure failure;
  private DelayedCall handshakeTimer;
  private boolean advancing;
  private boolean again;
  private boolean releaseProducer;
  ProducerMembrane producer;

  /**
   * A layer carrying {@code app}. With {@code appAlreadyConnected} (STARTTLS) the app keeps its
   * connection and is not told connectionMade again; {@code time} may be null for no timeout.
   */
  public TLSLayer(TLSOptions options, Protocol app, ReactorTime time, boolean appAlreadyConnected) {
    this.options = options;
    this.app = app;
    this.time = time;
    this.appAlreadyConnected = appAlreadyConnected;
    this.appTransport = new TLSLayerTransport(this);
  }

  /** The transport the application protocol writes to. */
  public TLSLayerTransport appTransport() {
    return appTransport;
  }

  public Protocol appProtocol() {
    return app;
  }

  /** Fires once the handshake succeeds, or fails with the reason the connection ended. */
  public Deferred<Void> whenHandshakeDone() {
    if (handshakeDone) {
      return Deferred.succeed(null);
    }
    if (failure != null) {
      return Deferred.fail(failure.value());
    }
    Deferred<Void> d = new Deferred<>();
    handshakeWaiters.add(d);
    return d;
  }

  String peerName() {
    Address peer = transport == null ? null : transport.getPeer();
    if (peer instanceof IPv4Address) {
      return ((IPv4Address) peer).host() + ":" + ((IPv4Address) peer).port();
    }
    if (peer instanceof IPv6Address) {
      return "[" + ((IPv6Address) peer).host() + "]:" + ((IPv6Address) peer).port();
    }
    return options.isClient() ? options.hostname() : String.valueOf(peer);
  }

  /**
   * A client starts its handshake at once (it speaks first). A server makes no engine until the
   * ClientHello's first bytes arrive, as Netty's SslHandler begins no server handshake before
   * input: a connection that never says anything (a port scan, a client that idles before its
   * hello) then holds no SSLEngine, its handshake state or its locks, about 2.4 KB of heap (see
   * docs/design/idle-memory.md, TLS). The handshake timeout runs from here either way.
   */
  @Override
  public void connectionMade() {
    if (time != null && options.handshakeTimeout() > 0) {
      handshakeTimer = time.callLater(options.handshakeTimeout(), this::handshakeTimedOut);
    }
    if (!appAlreadyConnected) {
      app.makeConnection(appTransport);
    }
    if (options.isClient() && !lost && failure == null) {
      startEngine();
    }
  }

  /** Makes the engine and begins the handshake: false (the layer failed) if it could not. */
  private boolean startEngine() {
    Address peer = transport.getPeer();
    String host = null;
    int port = -1;
    if (peer instanceof IPv4Address) {
      host = ((IPv4Address) peer).host();
      port = ((IPv4Address) peer).port();
    } else if (peer instanceof IPv6Address) {
      host = ((IPv6Address) peer).host();
      port = ((IPv6Address) peer).port();
    }
    engine = options.newEngine(host, port);
    packetSize = engine.getSession().getPacketBufferSize();
    appSize = engine.getSession().getApplicationBufferSize();
    try {
      engine.beginHandshake();
    } catch (SSLException e) {
      fail(e);
      return false;
    } catch (RuntimeException e) {
      fail(engineFault(e));
      return false;
    }
    advance();
    return true;
  }

  @Override
  public void dataReceived(byte[] data) {
    if (lost || failure != null || peerClosed) {
      return; // after a failure or close_notify, nothing more is read as TLS
    }
    if (engine == null && !startEngine()) {
      return; // a server's first bytes: the engine is made now (see connectionMade)
    }
    if (netIn == null || !netIn.hasRemaining()) {
      releaseNetIn();
      netIn = ByteBuffer.wrap(data); // the array is ours (a fresh one per read): unwrap in place
    } else { // a partial record (or input held while paused) comes first
      int total = netIn.remaining() + data.length;
      boolean borrow = total <= TLSScratch.LARGEST_KEPT;
      ByteBuffer joined = borrow ? TLSScratch.borrow(total) : ByteBuffer.allocate(total);
      joined.put(netIn).put(data).flip();
      releaseNetIn();
      netIn = joined;
      netInBorrowed = borrow;
    }
    advance();
  }

  /**
   * At the end of an event: what netIn still holds (a partial record, or input held while the
   * application is paused) moves to an array of its own size, and the borrowed buffer goes back.
   */
  private void settleNetIn() {
    if (netIn == null) {
      return;
    }
    int left = netIn.remaining();
    if (left == 0 || lost || failure != null) {
      releaseNetIn();
    } else if (netInBorrowed || left < netIn.capacity() / 2) {
      ByteBuffer own = ByteBuffer.allocate(left);
      own.put(netIn).flip();
      releaseNetIn();
      netIn = own;
    }
  }

  private void releaseNetIn() {
    if (netInBorrowed) {
      TLSScratch.giveBack(netIn);
    }
    netIn = null;
    netInBorrowed = false;
  }

  /** Does all the work the engine can do now; see the class comment. */
  void advance() {
    if (advancing) {
      again = true;
      return;
    }
    if (engine == null || lost || failure != null) {
      if (!advancing) {
        settleNetIn();
      }
      return;
    }
    advancing = true;
    try {
      do {
        again = false;
        boolean progress = true;
        while (progress && !lost && failure == null) {
          progress = handshakeWork();
          if (!handshakeDone && sawFinished) {
            onHandshakeDone();
            progress = true;
          }
          if (handshakeDone) {
            progress |= wrapPending();
          }
          progress |= maybeClose();
          progress |= unwrapBuffered();
        }
      } while (again && !lost && failure == null);
    } catch (SSLException e) {
      fail(e);
    } finally {
      advancing = false;
      settleNetIn();
    }
    if (releaseProducer) {
      // Outside the loop: a producer resumed here writes until the transport below pauses it,
      // which only happens if each write is wrapped and sent at once (a re-entrant write would
      // just queue plaintext, with nothing to stop it).
      releaseProducer = false;
      if (producer != null && !lost && failure == null) {
        producer.setHandshaking(false);
      }
    }
  }

  /** Runs delegated tasks and wraps handshake messages while the engine asks for them. */
  private boolean handshakeWork() throws SSLException {
    boolean did = false;
    while (true) {
      HandshakeStatus hs = engine.getHandshakeStatus();
      if (hs == HandshakeStatus.NEED_TASK) {
        // Delegated tasks (certificate checks, key agreement) are short on TLS 1.3: run inline.
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
          try {
            task.run();
          } catch (RuntimeException e) {
            throw engineFault(e);
          }
        }
        did = true;
      } else if (hs == HandshakeStatus.NEED_WRAP) {
        SSLEngineResult r = wrap(NOTHING, 0, 1);
        did = true;
        if (r.bytesProduced() == 0 && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
          break; // the engine has nothing to say after all: do not spin
        }
      } else {
        break;
      }
    }
    flushNetOut();
    return did;
  }

  private SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length) throws SSLException {
    while (true) {
      if (netOut == null) {
        netOut = TLSScratch.borrow(2 * packetSize);
      }
      SSLEngineResult r;
      try {
        r = engine.wrap(srcs, offset, length, netOut);
      } catch (RuntimeException e) {
        throw engineFault(e);
      }
      if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
        sawFinished = true;
      }
      if (r.getStatus() != Status.BUFFER_OVERFLOW) {
        if (netOut.remaining() < packetSize) {
          flushNetOut();
        }
        return r;
      }
      if (netOut.position() > 0) {
        flushNetOut();
      } else {
        packetSize = engine.getSession().getPacketBufferSize();
        TLSScratch.giveBack(netOut);
        netOut = TLSScratch.borrow(2 * packetSize);
      }
    }
  }

  /** Hands what netOut holds to the transport below and gives the buffer back. */
  private void flushNetOut() {
    ByteBuffer b = netOut;
    if (b == null) {
      return;
    }
    netOut = null; // before write: the transport below may call back into this layer
    byte[] out = null;
    if (b.position() > 0) {
      b.flip();
      out = new byte[b.remaining()];
      b.get(out);
    }
    TLSScratch.giveBack(b);
    if (out != null && !lost) {
      transport.write(out);
    }
  }

  /** Encrypts queued application writes, in order, several buffers per record where small. */
  private boolean wrapPending() throws SSLException {
    if (pendingWrites.isEmpty()) {
      return false;
    }
    // One scratch array per layer instead of a new one per pass (a pass per application write);
    // only a burst of more than KEEP_SRCS writes gets an array of its own.
    int count = pendingWrites.size();
    ByteBuffer[] srcs;
    if (count > KEEP_SRCS) {
      srcs = pendingWrites.toArray(new ByteBuffer[count]);
    } else {
      if (wrapSrcs == null || wrapSrcs.length < count) {
        wrapSrcs = new ByteBuffer[Math.max(count, 4)];
      }
      srcs = pendingWrites.toArray(wrapSrcs);
    }
    int offset = 0;
    try {
      while (offset < count) {
        SSLEngineResult r = wrap(srcs, offset, count - offset);
        while (offset < count && !srcs[offset].hasRemaining()) {
          offset++;
          pendingWrites.poll();
        }
        if (r.getStatus() == Status.CLOSED) {
          pendingWrites.clear(); // outbound already closed: nothing more can be sent
          break;
        }
      }
    } finally {
      Arrays.fill(srcs, 0, count, null); // the scratch array keeps no caller's buffer alive
    }
    flushNetOut();
    return true;
  }

  /**
   * After loseConnection or loseWriteConnection, once queued writes are out: close_notify, then
   * close the transport below, or only its write side.
   */
  private boolean maybeClose() throws SSLException {
    if (!(closeRequested || writeCloseRequested) || closedBelow || !pendingWrites.isEmpty()) {
      return false;
    }
    if (!handshakeDone && !peerClosed) {
      return false; // Twisted's rule: a close asked for mid-handshake waits for the handshake
    }
    boolean progress = false;
    if (!closeNotifySent) {
      closeNotifySent = true;
      engine.closeOutbound();
      handshakeWork();
      progress = true;
    }
    if (closeRequested) {
      closedBelow = true;
      transport.loseConnection();
      return true;
    }
    if (!writeShutBelow) {
      writeShutBelow = true;
      try {
        transport.loseWriteConnection(); // its writeConnectionLost comes back through us
      } catch (UnsupportedOperationException e) {
        // close_notify is TLS's own end-of-data; a transport without a FIN still carried it
        writeConnectionLost();
      }
      return true;
    }
    return progress;
  }

  /** Unwraps what is buffered in netIn, handing plaintext up, until input runs out or pauses. */
  private boolean unwrapBuffered() throws SSLException {
    // netIn stays in read mode for the whole pass; what is left (a partial record) is moved once,
    // by settleNetIn at the end of the event, and the next read is joined to it then.
    if (netIn == null || !netIn.hasRemaining() || handshakeDone && readPaused) {
      return false;
    }
    appIn = TLSScratch.borrow(appSize);
    try {
      return unwrapRecords();
    } finally {
      ByteBuffer b = appIn;
      appIn = null;
      if (b != null) {
        TLSScratch.giveBack(b); // empty: every pass ends with deliver()
      }
    }
  }

  /** The loop of {@link #unwrapBuffered}, with netIn in read mode. */
  private boolean unwrapRecords() throws SSLException {
    boolean progress = false;
    while (!lost && failure == null && !(handshakeDone && readPaused) && netIn.hasRemaining()) {
      SSLEngineResult r;
      try {
        r = engine.unwrap(netIn, appIn);
      } catch (RuntimeException e) {
        throw engineFault(e);
      }
      HandshakeStatus hs = r.getHandshakeStatus();
      if (hs == HandshakeStatus.FINISHED) {
        sawFinished = true;
      }
      switch (r.getStatus()) {
        case BUFFER_OVERFLOW:
          if (appIn.position() > 0) {
            deliver();
          } else { // the engine wants more room than the session said at first
            appSize = engine.getSession().getApplicationBufferSize();
            TLSScratch.giveBack(appIn);
            appIn = TLSScratch.borrow(appSize);
          }
          progress = true;
          continue;
        case BUFFER_UNDERFLOW:
          packetSize = engine.getSession().getPacketBufferSize();
          deliver();
          return progress;
        case CLOSED:
          deliver();
          netIn.position(netIn.limit()); // nothing after close_notify is read
          onPeerClosed();
          return true;
        default:
          break;
      }
      boolean moved = r.bytesConsumed() > 0 || r.bytesProduced() > 0;
      progress |= moved;
      if (appIn.remaining() < packetSize) {
        deliver();
      }
      if (hs == HandshakeStatus.NEED_TASK || hs == HandshakeStatus.NEED_WRAP || sawFinished && !handshakeDone) {
        deliver();
        return true; // let advance() do the handshake step, then come back here
      }
      if (!moved) {
        break;
      }
    }
    deliver();
    return progress;
  }

  private void deliver() {
    if (appIn.position() == 0) {
      return;
    }
    appIn.flip();
    byte[] data = new byte[appIn.remaining()];
    appIn.get(data);
    appIn.clear();
    if (!lost && app.isConnected()) {
      app.dataReceived(data);
    }
  }

  private void onPeerClosed() {
    peerClosed = true;
    // TLS 1.3 (RFC 8446 6.1) lets the other direction go on: a half-close, as with TCP FIN.
    // TLS 1.2 (RFC 5246 7.2.1) does not: the engine has already queued its own close_notify.
    if (app instanceof HalfCloseableProtocol && !engine.isOutboundDone() && !closeRequested
        && handshakeDone && "TLSv1.3".equals(engine.getSession().getProtocol())) {
      ((HalfCloseableProtocol) app).readConnectionLost();
    } else {
      closeRequested = true;
    }
  }

  /** The transport below saw the peer's FIN. */
  @Override
  public void readConnectionLost() {
    if (peerClosed || lost || closedBelow) {
      return; // close_notify came first and was handled, or we are closing anyway
    }
    // No close_notify: a cut-off stream (RFC 8446 6.1) or a handshake that never finished.
    // Closing below (after what is queued) gives connectionLost the reason.
    truncated = handshakeDone && !closeRequested;
    closedBelow = true;
    transport.loseConnection();
  }

  /** The transport below shut down its write side after our close_notify. */
  @Override
  public void writeConnectionLost() {
    if (appToldWriteClosed || lost) {
      return;
    }
    appToldWriteClosed = true;
    if (app instanceof HalfCloseableProtocol && app.isConnected()) {
      ((HalfCloseableProtocol) app).writeConnectionLost();
    }
  }

  private void onHandshakeDone() {
    handshakeDone = true;
    cancelTimer();
    if (readPaused) {
      transport.pauseProducing();
    }
    releaseProducer = true; // done by advance() once its loop is over
    List<Deferred<Void>> waiters = new ArrayList<>(handshakeWaiters);
    handshakeWaiters.clear();
    for (Protocol p = app; p != null; p = StartTLS.wrapped(p)) {
      if (p instanceof HandshakeListener) { // after STARTTLS, app may be an endpoint's wrapper
        ((HandshakeListener) p).handshakeCompleted();
        break;
      }
    }
    for (Deferred<Void> d : waiters) {
      d.callback(null);
    }
  }

  /**
   * An unchecked exception out of the engine, as an SSLException for {@link #fail}: the JDK's
   * engine has thrown them on a peer's malformed input (a ClassCastException from a server
   * engine handed a HelloRequest), and a peer must not be able to push one through this layer
   * into the reactor. Only engine calls are wrapped, so the application's own bugs still show.
   */
  private static SSLException engineFault(RuntimeException e) {
    return new SSLException("the TLS engine failed on the peer's input (" + e + ")", e);
  }

  /** A TLS error: send the engine's alert if it has one, close, and report the reason. */
  private void fail(SSLException e) {
    if (failure != null || lost) {
      return;
    }
    String what = handshakeDone ? "TLS connection with " : "TLS handshake with ";
    String message = what + peerName() + " failed: " + e.getMessage();
    failure =
        Failure.of(handshakeDone ? new TLSError(message, e) : new TLSHandshakeError(message, e));
    cancelTimer();
    pendingWrites.clear();
    try {
      engine.closeOutbound();
      if (netOut == null) {
        netOut = TLSScratch.borrow(2 * packetSize);
      }
      for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
        if (engine.wrap(NOTHING, netOut).bytesProduced() == 0) {
          break;
        }
      }
    } catch (SSLException | RuntimeException ignored) {
      // the alert is a courtesy: the close below is what matters
    }
    flushNetOut();
    failWaiters();
    transport.loseConnection();
  }

  private void handshakeTimedOut() {
    handshakeTimer = null;
    if (handshakeDone || lost || failure != null) {
      return;
    }
    String message =
        "TLS handshake with " + peerName() + " did not finish within "
            + options.handshakeTimeout() + " s";
    failure = Failure.of(new TLSHandshakeError(message, new TimeoutError(message)));
    failWaiters();
    transport.abortConnection();
  }

  private void cancelTimer() {
    if (handshakeTimer != null && handshakeTimer.active()) {
      handshakeTimer.cancel();
    }
    handshakeTimer = null;
  }

  private void failWaiters() {
    List<Deferred<Void>> waiters = new ArrayList<>(handshakeWaiters);
    handshakeWaiters.clear();
    for (Deferred<Void> d : waiters) {
      d.errback(failure);
    }
  }

  @Override
  public void connectionLost(Failure reason) {
    if (lost) {
      return;
    }
    lost = true;
    cancelTimer();
    pendingWrites.clear();
    if (!advancing) {
      releaseNetIn(); // input held while paused; during advance, settleNetIn drops it at the end
    }
    Failure why;
    if (failure != null) {
      why = failure;
    } else if (reason.check(ConnectionAborted.class) != null) {
      why = reason;
    } else if (!handshakeDone) {
      why =
          Failure.of(
              new TLSHandshakeError(
                  "connection with " + peerName() + " closed during the TLS handshake: "
                      + reason.getErrorMessage(),
                  reason.value()));
    } else if (reason.check(ConnectionDone.class) != null
        && (truncated || !peerClosed && !closeNotifySent)) {
      // RFC 8446 6.1: without close_notify the data may have been cut short by an attacker
      why =
          Failure.of(
              new ConnectionLost(
                  "TLS connection with " + peerName() + " closed without close_notify",
                  reason.value()));
    } else {
      why = reason;
    }
    if (failure == null) {
      failure = why;
      failWaiters();
    }
    if (app.isConnected()) {
      app.transportClosed(why);
    }
  }
}
