package dev.torsion.web.http2.internal;

import dev.torsion.internet.ByteConsumer;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Producer;
import dev.torsion.internet.TimeoutError;
import dev.torsion.internet.Transport;
import dev.torsion.web.client.BodyProducer;
import dev.torsion.web.client.Response;
import dev.torsion.web.client.ResponseDone;
import dev.torsion.web.internal.ClientResponse;
import java.util.ArrayDeque;

/**
 * One request and its response on an {@link Http2ClientConnection}: the request body waiting for
 * the peer's windows, the response's body paced by the application (its stream window is
 * credited back only as the body is read), and the read timeout.
 *
 * <pre>
 *   open ──HEADERS sent──▶ [body DATA ... END_STREAM] ──▶ half-closed (local)
 *        ──response HEADERS──▶ Response delivered ──DATA...──▶ END_STREAM ──▶ closed
 *   any state ──RST_STREAM / GOAWAY past it / timeout / cancel──▶ closed, exchange failed
 * </pre>
 */
final class Http2ClientStream implements ClientResponse.Source {
  /** Request body bytes queued here above which the body's producer is paused. */
  static final int HIGH_WATER = 64 * 1024;
  static final int LOW_WATER = 16 * 1024;

  final Http2ClientConnection connection;
  final int id;
  final boolean head;
  private final double readTimeoutSeconds;
  private DelayedCall readTimer;

  Deferred<Response> responseDeferred;
  ClientResponse response;
  boolean ended;
  private boolean paused;

  // the request body, waiting for window
  BodyProducer body;
  final ArrayDeque<byte[]> out = new ArrayDeque<>();
  int outOffset;
  long queued;
  boolean bodyDone;
  boolean endSent;
  private boolean bodyPaused;
  long sendWindow;

  // the response body
  int recvUnacked;
  long received;

  Http2ClientStream(Http2ClientConnection connection, int id, boolean head, double readTimeout,
      long sendWindow) {
    this.connection = connection;
    this.id = id;
    this.head = head;
    this.readTimeoutSeconds = readTimeout;
    this.sendWindow = sendWindow;
  }

  boolean isPaused() {
    return paused;
  }

  // ---- the request body -------------------------------------------------------------------

  void startBody(BodyProducer producer) {
    body = producer;
    ByteConsumer consumer = new ByteConsumer() {
      @Override public void write(byte[] data) {
        if (ended || bodyDone || data.length == 0) {
          return;
        }
        out.add(data);
        queued += data.length;
        if (queued > HIGH_WATER && !bodyPaused) {
          bodyPaused = true;
          producer.pauseProducing();
        }
        connection.flush();
      }

      // The stream paces the producer itself (windows and its queue); nothing to register.
      @Override public void registerProducer(Producer p, boolean streaming) {}

      @Override public void unregisterProducer() {}
    };
    Deferred<Void> done;
    try {
      done = producer.startProducing(consumer);
    } catch (RuntimeException e) {
      done = Deferred.fail(e);
    }
    done.addCallbacks(ok -> {
      if (body == producer && !ended) {
        body = null;
        bodyDone = true;
        connection.flush();
      }
      return null;
    }, f -> {
      if (body == producer && !ended) {
        body = null;
        fail(new dev.torsion.web.client.ResponseFailed(
            "request body failed: " + f.getErrorMessage(), f.value()));
        connection.resetStream(this, Http2.CANCEL);
      }
      return null;
    });
  }

  /** Called by the connection after it took bytes from the queue. */
  void drained() {
    if (bodyPaused && queued < LOW_WATER && body != null) {
      bodyPaused = false;
      body.resumeProducing();
    }
  }

  /** Stops the request body where it is (the exchange is over). */
  void stopBody() {
    BodyProducer b = body;
    body = null;
    out.clear();
    queued = 0;
    if (b != null) {
      b.stopProducing();
    }
  }

  // ---- the response -----------------------------------------------------------------------

  /** The response is complete: the stream is gone first, then the body hears the end. */
  void finish() {
    if (ended) {
      return;
    }
    ended = true;
    cancelReadTimeout();
    boolean stillSending = !endSent;
    stopBody();
    connection.streamEnded(this, stillSending);
    ClientResponse r = response;
    r.resumeForNextResponse();
    r.end(Failure.of(new ResponseDone()));
  }

  /** The exchange failed: the caller's Deferred, or the body's protocol, hears why. */
  void fail(Throwable error) {
    cancelReadTimeout();
    stopBody();
    if (response == null && responseDeferred != null && !responseDeferred.called()) {
      responseDeferred.errback(error);
    } else if (response != null) {
      response.end(Failure.of(error));
    }
    ended = true;
  }

  void startReadTimeout() {
    if (readTimeoutSeconds <= 0 || ended || paused) {
      return;
    }
    if (readTimer != null && readTimer.active()) {
      readTimer.reset(readTimeoutSeconds);
    } else {
      readTimer = connection.time().callLater(readTimeoutSeconds, () -> {
        readTimer = null;
        connection.resetStream(this, Http2.CANCEL);
        fail(new TimeoutError("no data from the server for " + readTimeoutSeconds + " s"));
      });
    }
  }

  private void cancelReadTimeout() {
    if (readTimer != null && readTimer.active()) {
      readTimer.cancel();
    }
    readTimer = null;
  }

  // ---- what the response's body asks of its source ----------------------------------------

  @Override
  public void pauseReading() {
    paused = true;
    cancelReadTimeout();
  }

  @Override
  public void resumeReading() {
    paused = false;
    connection.credit(this, true);
    startReadTimeout();
  }

  @Override
  public void resumeAfterBody() {
    paused = false;
  }

  @Override
  public void abandonBody(boolean stillReading) {
    if (stillReading && !ended) {
      connection.resetStream(this, Http2.CANCEL);
      ended = true;
      cancelReadTimeout();
      stopBody();
    }
  }

  @Override
  public Transport connectionTransport() {
    return connection.transport();
  }
}
