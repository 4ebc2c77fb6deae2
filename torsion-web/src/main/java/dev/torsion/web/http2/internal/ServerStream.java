package dev.torsion.web.http2.internal;

import dev.torsion.internet.Address;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Producer;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.PullProducer;
import dev.torsion.internet.PushProducer;
import dev.torsion.web.Headers;
import dev.torsion.web.server.HttpChannel;
import dev.torsion.web.server.Request;
import dev.torsion.web.internal.SpooledBuffer;
import java.util.ArrayDeque;

/**
 * One HTTP/2 stream on the server, seen by its {@link Request} as the channel that carries its
 * response (RFC 9113 5.1 states, from the server's side):
 *
 * <pre>
 *   open ──END_STREAM received──▶ half-closed (remote) ──END_STREAM sent──▶ closed
 *     └──END_STREAM sent──▶ half-closed (local) ──RST_STREAM(NO_ERROR) sent (8.1)──▶ closed
 *   any ──RST_STREAM either way──▶ closed
 * </pre>
 *
 * <p>Response trailers, if any, follow the last DATA frame as a HEADERS frame with END_STREAM.
 *
 * <p>An extended CONNECT (RFC 8441) gets a {@link #tunnel}; once its resource accepts it with
 * {@link Request#switchProtocols} the stream answers 200 and carries that protocol's bytes both
 * ways as DATA, through the same queue and windows as a response body.
 *
 * <p>The response body waits in {@link #queue} until both flow-control windows allow it out; a
 * producer behind the response is paused above {@link #HIGH_WATER} queued bytes and resumed
 * (or, for a pull producer, asked again) below {@link #LOW_WATER}, so a slow reader holds at
 * most about a window plus the high-water mark per stream.
 */
final class ServerStream implements HttpChannel {
  static final int HIGH_WATER = 64 * 1024;
  static final int LOW_WATER = 16 * 1024;

  final int id;
  private final Http2ServerConnection conn;
  Request request;
  long sendWindow;
  int recvWindow;
  int recvUnacked;
  boolean remoteClosed;
  boolean localClosed;
  boolean headSent;
  boolean noBody;
  boolean closed;

  // The request body: spooled until END_STREAM, or streamed to the resource as it comes.
  SpooledBuffer body;
  boolean streamingBody;
  boolean bodyPaused;
  long contentLength = -1;
  long received;

  final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  int headOffset;
  long queued;
  boolean endQueued;
  Headers trailers; // sent after the last DATA, ending the stream, when the response has some

  String connectProtocol; // the :protocol of an extended CONNECT (RFC 8441 4), or null
  StreamTransport tunnel; // for an extended CONNECT: the transport it may become
  DelayedCall linger; // a tunnel that sent END_STREAM, waiting for the peer's

  private Producer producer;
  private boolean producerStreaming;
  private boolean producerPaused;
  private boolean pumping;
  private boolean pumpAgain;

  ServerStream(int id, Http2ServerConnection conn, long sendWindow, int recvWindow) {
    this.id = id;
    this.conn = conn;
    this.sendWindow = sendWindow;
    this.recvWindow = recvWindow;
  }

  boolean hasOutput() {
    return !localClosed && headSent && (queued > 0 || endQueued);
  }

  // ---- HttpChannel --------------------------------------------------------------------------

  @Override
  public void writeResponse(Request r, byte[] data, boolean last) {
    if (r != request || closed || localClosed || tunnel != null && tunnel.attached()) {
      return;
    }
    // 8.1: trailers are a HEADERS frame after the DATA, and it ends the stream instead.
    boolean trailing = last && r.hasResponseTrailers() && !noBodyFor(r);
    if (!headSent) {
      headSent = true;
      boolean empty = data == null || data.length == 0;
      noBody = conn.writeHead(this, last && !trailing && (empty || noBodyFor(r)));
      if (last && !trailing && (empty || noBody)) {
        localClosed = true;
        conn.localEnded(this);
        return;
      }
    }
    if (trailing) {
      trailers = r.getResponseTrailers();
    }
    if (!noBody && data != null && data.length > 0) {
      enqueue(data);
    }
    if (last) {
      endQueued = true;
    }
    conn.flush();
  }

  /** Queues DATA to send; a push producer is paused above {@link #HIGH_WATER} queued bytes. */
  void enqueue(byte[] data) {
    queue.add(data);
    queued += data.length;
    if (producerStreaming && !producerPaused && queued > HIGH_WATER && producer != null) {
      producerPaused = true;
      ((PushProducer) producer).pauseProducing();
    }
  }

  private static boolean noBodyFor(Request r) {
    int code = r.getResponseCode();
    return "HEAD".equals(r.getMethod()) || code == 204 || code == 304 || code / 100 == 1;
  }

  /** Called by the connection after it sent some of the queue. */
  void drained() {
    if (producer == null || queued >= LOW_WATER || closed) {
      return;
    }
    if (producerStreaming) {
      if (producerPaused) {
        producerPaused = false;
        ((PushProducer) producer).resumeProducing();
      }
    } else {
      pumpPull();
    }
  }

  // A pull producer writes one piece per resumeProducing; a piece sent at once asks again,
  // from this loop rather than by recursion.
  private void pumpPull() {
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      do {
        pumpAgain = false;
        if (producer instanceof PullProducer pull && !closed && queued < LOW_WATER) {
          pull.resumeProducing();
        }
      } while (pumpAgain && producer != null && !closed);
    } finally {
      pumping = false;
    }
  }

  @Override
  public void registerProducer(Producer p, boolean streaming) {
    producer = p;
    producerStreaming = streaming;
    producerPaused = false;
    if (!streaming) {
      pumpPull();
    } else if (queued > HIGH_WATER) {
      producerPaused = true;
      ((PushProducer) p).pauseProducing();
    }
  }

  @Override
  public void unregisterProducer() {
    producer = null;
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
  public boolean isSecure() {
    return conn.isSecure();
  }

  /** A response that cannot be completed: this stream alone is reset (RFC 9113 5.4.2). */
  @Override
  public void abortConnection() {
    conn.resetStream(this, Http2.INTERNAL_ERROR, false);
  }

  @Override
  public String getConnectProtocol() {
    return connectProtocol;
  }

  /**
   * RFC 8441 5: an extended CONNECT accepted is answered 200 (RFC 9113 8.6 rules out 101) with
   * the response headers set so far, and from then on the stream's DATA is {@code next}'s
   * connection.
   */
  @Override
  public void switchProtocols(Request r, Protocol next) {
    if (r != request || tunnel == null || tunnel.attached() || headSent || closed) {
      throw new UnsupportedOperationException("cannot switch protocols on " + this + " ("
          + r + "): over HTTP/2 only an extended CONNECT (RFC 8441) not yet answered can");
    }
    // RFC 9110 9.3.6: a 2xx to CONNECT has no content, so no length; what follows is the tunnel.
    r.getResponseHeaders().remove("Content-Length");
    r.getResponseHeaders().remove("Transfer-Encoding");
    headSent = true;
    conn.writeHead(this, false);
    conn.tunnelOpened(this);
    tunnel.attach(next);
  }

  @Override
  public void pauseRequestBody() {
    bodyPaused = true;
  }

  @Override
  public void resumeRequestBody() {
    if (bodyPaused) {
      bodyPaused = false;
      conn.creditStream(this);
    }
  }

  /** The stream is gone: drop queued output (the Request stops its producer itself). */
  void discardOutput() {
    producer = null;
    queue.clear();
    queued = 0;
    endQueued = false;
  }

  @Override
  public String toString() {
    return "stream " + id;
  }
}
