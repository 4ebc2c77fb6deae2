package dev.torsion.web.http2.internal;

import dev.torsion.internet.Address;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Log;
import dev.torsion.internet.Producer;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.Transport;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The byte transport of a protocol tunnelled through one HTTP/2 stream by an extended CONNECT
 * (RFC 8441): what a TCP connection is to a WebSocket over HTTP/1.1, this stream's DATA frames
 * are to it over HTTP/2. Made for the stream when the CONNECT arrives, attached to its protocol
 * when the resource accepts ({@link ServerStream#switchProtocols}).
 *
 * <pre>
 *   TCP                          this stream (RFC 8441 5)
 *   write                        DATA, sent as the stream and connection windows allow
 *   registerProducer(p, true)    p paused above 64 KiB queued, resumed below 16 KiB
 *   pauseProducing (reading)     no dataReceived, no WINDOW_UPDATE: the peer stops at the window
 *   loseConnection (FIN)         END_STREAM after the queued data
 *   abortConnection (RST)        RST_STREAM CANCEL
 *   peer's FIN                   peer's END_STREAM: loseConnection, as a TCP transport does
 *   connection lost              RST_STREAM from the peer, or the HTTP/2 connection gone
 * </pre>
 *
 * <p>As with TCP, {@code connectionLost} comes once, from the reactor, never from inside a call
 * of the protocol's own: when END_STREAM is out (the peer's END_STREAM is then the stream's
 * business, not the protocol's), or when the stream or the connection is gone.
 */
final class StreamTransport implements Transport {
  private final ServerStream stream;
  private final Http2ServerConnection conn;
  private final ReactorTime time;
  // DATA read and not yet handed to the protocol: before it is attached, or while it paused
  // reading. Never more than the stream window, which is only credited back as it is consumed.
  private final ArrayDeque<byte[]> held = new ArrayDeque<>();
  private Protocol protocol;
  private Producer producer;
  private boolean paused;
  private boolean delivering;
  private boolean peerEnded;
  private boolean closing;
  private boolean lost;

  StreamTransport(ServerStream stream, Http2ServerConnection conn, ReactorTime time) {
    this.stream = stream;
    this.conn = conn;
    this.time = time;
  }

  boolean attached() {
    return protocol != null;
  }

  /** The resource accepted: {@code next} gets this transport, then the DATA already here. */
  void attach(Protocol next) {
    protocol = next;
    next.makeConnection(this);
    deliver();
  }

  // ---- from the connection ------------------------------------------------------------------

  /** A DATA payload from the peer (the array is ours). */
  void received(byte[] data) {
    if (lost || closing) {
      // Read after our END_STREAM (or after the end): dropped, as a closed socket drops it,
      // but credited back so that the peer can finish what it was sending.
      stream.recvUnacked += data.length;
      conn.creditStream(stream);
      return;
    }
    if (data.length > 0) {
      held.add(data);
    }
    deliver();
  }

  /** The peer's END_STREAM, read after every DATA it ended. */
  void peerEnded() {
    peerEnded = true;
    deliver();
  }

  /** The stream is over for the protocol: tells it (and its producer) on the next turn. */
  void closed(Failure reason) {
    if (lost) {
      return;
    }
    lost = true;
    held.clear();
    stream.bodyPaused = false; // from now on whatever the peer still sends is credited back
    Protocol p = protocol;
    if (p == null) {
      return;
    }
    Producer pr = producer;
    producer = null;
    time.callLater(0, () -> {
      if (pr != null) {
        try {
          pr.stopProducing();
        } catch (RuntimeException e) {
          Log.err(e, "producer failed to stop");
        }
      }
      p.transportClosed(reason);
    });
  }

  private void deliver() {
    if (delivering || protocol == null) {
      return;
    }
    delivering = true;
    try {
      while (!paused && !lost && !closing && !held.isEmpty()) {
        byte[] data = held.poll();
        stream.recvUnacked += data.length; // consumed: the window may reopen by as much
        protocol.dataReceived(data);
      }
    } finally {
      delivering = false;
    }
    if (!lost) {
      conn.creditStream(stream);
    }
    if (peerEnded && held.isEmpty() && !lost) {
      loseConnection(); // what a TCP transport does with a FIN the protocol cannot half-close
    }
  }

  // ---- Transport ----------------------------------------------------------------------------

  @Override
  public void write(byte[] data) {
    if (closing || lost || data.length == 0) {
      return;
    }
    stream.enqueue(data);
    conn.flush();
  }

  /** The pieces go out together, in as few DATA frames as the windows allow. */
  @Override
  public void writeSequence(List<byte[]> data) {
    if (closing || lost) {
      return;
    }
    for (byte[] piece : data) {
      if (piece.length > 0) {
        stream.enqueue(piece);
      }
    }
    conn.flush();
  }

  @Override
  public void write(ByteBuffer data) {
    byte[] copy = new byte[data.remaining()];
    data.get(copy);
    write(copy);
  }

  @Override
  public void loseConnection() {
    if (closing || lost) {
      return;
    }
    closing = true;
    held.clear();
    stream.endQueued = true; // END_STREAM after the queued DATA (RFC 8441 5: the FIN)
    conn.flush();
  }

  @Override
  public void abortConnection() {
    if (!lost) {
      conn.resetStream(stream, Http2.CANCEL, false); // RFC 8441 5: RST is RST_STREAM(CANCEL)
    }
  }

  @Override
  public void registerProducer(Producer p, boolean streaming) {
    producer = p;
    if (lost) {
      p.stopProducing();
      return;
    }
    stream.registerProducer(p, streaming);
  }

  @Override
  public void unregisterProducer() {
    producer = null;
    stream.unregisterProducer();
  }

  @Override
  public void pauseProducing() {
    paused = true;
    stream.bodyPaused = true; // no WINDOW_UPDATE while the protocol is not reading
  }

  @Override
  public void resumeProducing() {
    if (paused) {
      paused = false;
      stream.bodyPaused = false;
      deliver();
    }
  }

  @Override
  public void stopProducing() {
    loseConnection();
  }

  @Override
  public long getWriteBufferSize() {
    return stream.queued;
  }

  @Override
  public boolean isDisconnecting() {
    return closing || lost;
  }

  @Override
  public Address getPeer() {
    return conn.peer();
  }

  @Override
  public Address getHost() {
    return conn.host();
  }

  @Override
  public String toString() {
    return "HTTP/2 " + stream + " tunnel";
  }
}
