package dev.torsion.web.internal;

import dev.torsion.internet.ByteConsumer;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Producer;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.TimeoutError;
import dev.torsion.internet.Transport;
import dev.torsion.web.Headers;
import dev.torsion.web.client.BodyProducer;
import dev.torsion.web.client.Response;
import dev.torsion.web.client.ResponseDone;
import dev.torsion.web.client.ResponseFailed;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The client side of one HTTP/1.1 connection: Twisted's {@code HTTP11ClientProtocol}. It carries
 * one request at a time (no pipelining); when a response ends and both sides allow it, the
 * connection goes back to its pool.
 *
 * <p>The order at the end of a response matters to callers who close the pool once their last
 * body has arrived: the connection is handed back to the pool (or closed) first, and only then
 * does the body's protocol hear {@link ResponseDone}, so that whatever the body's Deferred
 * triggers sees the connection where it will stay. As in Twisted, a response that ends while
 * the request body is still being sent closes the connection. The end is handled once {@link
 * Http1Parser#feed} has returned, so a new request started from the body's callbacks never
 * re-enters the parser.
 *
 * <p>The read timeout counts only while this side wants bytes: not while the application holds
 * the body paused (a slow reader of a proxied download is not a silent server).
 */
public final class Http1ClientConnection extends Protocol
    implements Http1Parser.Listener, ClientConnection, ClientResponse.Source {
  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] CRLF = {'\r', '\n'};

  private final ReactorTime time;
  private final Http1Parser parser;
  private Deferred<ClientConnection> ready;
  private Consumer<Http1ClientConnection> onReusable;
  private Consumer<Http1ClientConnection> onClosed;

  private Deferred<Response> responseDeferred;
  private ClientResponse response;
  private boolean requestPersistent;
  private boolean responsePersistent;
  private boolean bodySent;
  private boolean responseDone;
  private boolean broken;
  private double readTimeoutSeconds;
  private DelayedCall readTimeout;
  private BodyProducer sending;
  private boolean feeding;
  private boolean completedInFeed;
  private boolean lost;
  private List<Deferred<Void>> closeWaiters;

  /** A connection whose responses are held to {@code limits} (status line, head, fields, body). */
  public Http1ClientConnection(ReactorTime time, Http1Parser.Limits limits,
      Deferred<ClientConnection> ready) {
    this.time = time;
    this.ready = ready;
    this.parser = Http1Parser.forResponses(limits, this);
  }

  /** Sets what to call when the connection can carry another request, and when it closes. */
  public void setPoolCallbacks(Consumer<Http1ClientConnection> reusable,
      Consumer<Http1ClientConnection> closed) {
    this.onReusable = reusable;
    this.onClosed = closed;
  }

  @Override
  public void connectionMade() {
    Deferred<ClientConnection> d = ready;
    ready = null;
    if (d != null) {
      if (d.called()) {
        broken = true; // the caller gave up (cancelled) while we were connecting
        transport.loseConnection();
      } else {
        d.callback(this);
      }
    }
  }

  /** True when idle and still open. */
  @Override
  public boolean isUsable() {
    return connected && !broken && responseDeferred == null && !transport.isDisconnecting();
  }

  /** True once asked to close (by either side) but not closed yet. */
  @Override
  public boolean isClosing() {
    return connected && transport.isDisconnecting();
  }

  /** Fires (with null) when this connection has closed: at once if it already has. */
  @Override
  public Deferred<Void> whenClosed() {
    if (lost || (!connected && transport != null)) {
      return Deferred.succeed(null);
    }
    if (closeWaiters == null) {
      closeWaiters = new ArrayList<>();
    }
    Deferred<Void> d = new Deferred<>();
    closeWaiters.add(d);
    return d;
  }

  /**
   * Sends a request. {@code headers} must already be complete (Host included) and validated;
   * {@code target} is the request-target.
   */
  @Override
  public Deferred<Response> request(String method, String target, Headers headers,
      BodyProducer body, double readTimeout) {
    if (responseDeferred != null) {
      return Deferred.fail(new IllegalStateException("connection busy"));
    }
    Deferred<Response> d = new Deferred<>(this::cancelRequest);
    responseDeferred = d;
    response = null;
    responseDone = false;
    completedInFeed = false;
    bodySent = body == null;
    sending = body;
    readTimeoutSeconds = readTimeout;
    requestPersistent = !"close".equalsIgnoreCase(headers.getFirst("Connection"));
    if (parser.isMessageComplete()) {
      parser.reset();
    }
    parser.expectNoBody(method.equals("HEAD"));
    boolean chunked = body != null && body.length() < 0;
    Headers h = headers.copy();
    h.remove("Content-Length");
    h.remove("Transfer-Encoding");
    if (body != null && !chunked) {
      h.set("Content-Length", Long.toString(body.length()));
    } else if (chunked) {
      h.set("Transfer-Encoding", "chunked");
    } else if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
      h.set("Content-Length", "0");
    }
    StringBuilder b = new StringBuilder(256).append(method).append(' ').append(target)
        .append(" HTTP/1.1\r\n");
    h.forEach((n, v) -> b.append(n).append(": ").append(v).append("\r\n"));
    b.append("\r\n");
    transport.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
    startReadTimeout();
    if (body != null) {
      sendBody(body, chunked);
    }
    return d;
  }

  private void sendBody(BodyProducer body, boolean chunked) {
    ByteConsumer consumer = new ByteConsumer() {
      @Override public void write(byte[] data) {
        if (broken || data.length == 0) {
          return;
        }
        if (chunked) {
          transport.writeSequence(List.of((Integer.toHexString(data.length) + "\r\n")
              .getBytes(StandardCharsets.ISO_8859_1), data, CRLF));
        } else {
          transport.write(data);
        }
      }

      @Override public void registerProducer(Producer producer, boolean streaming) {
        transport.registerProducer(producer, streaming);
      }

      @Override public void unregisterProducer() {
        transport.unregisterProducer();
      }
    };
    transport.registerProducer(body, true);
    Deferred<Void> done;
    Deferred<Response> exchange = responseDeferred;
    try {
      done = body.startProducing(consumer);
    } catch (RuntimeException e) {
      done = Deferred.fail(e);
    }
    done.addCallbacks(ok -> {
      if (sending != body || responseDeferred != exchange) {
        return null; // the exchange ended (or was cancelled) before the body did
      }
      sending = null;
      bodySent = true;
      if (connected) {
        transport.unregisterProducer();
        if (chunked) {
          transport.write(LAST_CHUNK);
        }
      }
      return null;
    }, f -> {
      if (sending != body) {
        return null;
      }
      sending = null;
      if (connected) {
        transport.unregisterProducer();
      }
      fail(new ResponseFailed("request body failed: " + f.getErrorMessage(), f.value()));
      transport.abortConnection();
      return null;
    });
  }

  @Override
  public void dataReceived(byte[] data) {
    if (broken) {
      return;
    }
    startReadTimeout();
    if (responseDeferred == null) {
      broken = true; // bytes nobody asked for: this connection cannot be trusted any more
      transport.loseConnection();
      return;
    }
    feeding = true;
    try {
      int used = parser.feed(data, 0, data.length);
      if (used < data.length) {
        broken = true; // more than one response to one request
      }
    } catch (HttpParseException e) {
      broken = true;
      completedInFeed = false;
      fail(new ResponseFailed("invalid response: " + e.getMessage()));
      transport.abortConnection();
    } finally {
      feeding = false;
    }
    if (completedInFeed) {
      completedInFeed = false;
      finishResponse();
    }
  }

  @Override
  public void headReceived(MessageHead head) {
    responsePersistent = head.persistent();
    response = new ClientResponse(this, head);
    Deferred<Response> d = responseDeferred;
    // Stop reading until the application asks for the body; no read timeout meanwhile.
    response.pause();
    d.callback(response);
  }

  @Override
  public void bodyReceived(byte[] data, int offset, int length) {
    response.receive(Arrays.copyOfRange(data, offset, offset + length));
  }

  /**
   * RFC 9112 7.1.2: the chunked body's trailer section, already held by the parser to the
   * field-line grammar and to the head's byte and field limits. Kept apart from the head; fields
   * that may not be trailers are dropped (RFC 9110 6.5.1).
   */
  @Override
  public void trailersReceived(Headers trailers) {
    response.setTrailers(TrailerFields.received(trailers));
  }

  @Override
  public void messageComplete() {
    responseDone = true;
    cancelReadTimeout();
    if (feeding) {
      completedInFeed = true; // finished once feed has returned: see the class comment
    } else {
      finishResponse();
    }
  }

  /**
   * The response is complete: give the connection back to the pool (or close it), then tell the
   * body's protocol. Twisted's {@code _finishResponse_WAITING} keeps the same order.
   */
  private void finishResponse() {
    if (responseDeferred == null) {
      return;
    }
    responseDeferred = null;
    ClientResponse done = response;
    if (!bodySent) {
      // The server has answered before reading the whole request body: stop sending it, and the
      // connection cannot be reused (the server may still be reading what we sent).
      broken = true;
      BodyProducer body = sending;
      sending = null;
      if (body != null) { // null when it failed already
        if (connected) {
          transport.unregisterProducer();
        }
        body.stopProducing();
      }
    }
    done.resumeForNextResponse();
    if (requestPersistent && responsePersistent && !broken && connected
        && !transport.isDisconnecting() && onReusable != null) {
      onReusable.accept(this);
    } else if (connected) {
      transport.loseConnection();
    }
    done.end(Failure.of(new ResponseDone()));
  }

  /** The caller cancelled the request's Deferred before the response head: drop the exchange. */
  private void cancelRequest(Deferred<Response> d) {
    if (responseDeferred != d) {
      return;
    }
    broken = true;
    cancelReadTimeout();
    responseDeferred = null;
    BodyProducer body = sending;
    sending = null;
    if (body != null) {
      body.stopProducing();
    }
    if (connected) {
      transport.abortConnection();
    }
  }

  private void fail(Throwable error) {
    cancelReadTimeout();
    if (response == null && responseDeferred != null && !responseDeferred.called()) {
      responseDeferred.errback(error);
    } else if (response != null) {
      response.end(Failure.of(error));
    }
  }

  private void startReadTimeout() {
    if (readTimeoutSeconds <= 0 || responseDone || broken || responseDeferred == null
        || (response != null && response.isPaused())) {
      return;
    }
    if (readTimeout != null && readTimeout.active()) {
      readTimeout.reset(readTimeoutSeconds);
    } else {
      readTimeout = time.callLater(readTimeoutSeconds, () -> {
        readTimeout = null;
        broken = true;
        fail(new TimeoutError("no data from the server for " + readTimeoutSeconds + " s"));
        transport.abortConnection();
      });
    }
  }

  private void cancelReadTimeout() {
    if (readTimeout != null && readTimeout.active()) {
      readTimeout.cancel();
    }
    readTimeout = null;
  }

  @Override
  public void connectionLost(Failure reason) {
    lost = true;
    cancelReadTimeout();
    if (ready != null) {
      Deferred<ClientConnection> d = ready;
      ready = null;
      d.errback(reason);
    }
    if (responseDeferred != null && !responseDone) {
      boolean completed = false;
      try {
        completed = response != null && parser.connectionClosed() && responseDone;
      } catch (HttpParseException e) {
        completed = false;
      }
      if (!completed) {
        fail(new ResponseFailed(response == null ? "connection lost before the response"
            : "connection lost during the response body", reason.value()));
      }
    }
    responseDeferred = null;
    if (onClosed != null) {
      onClosed.accept(this);
    }
    List<Deferred<Void>> waiters = closeWaiters;
    closeWaiters = null;
    if (waiters != null) {
      for (Deferred<Void> w : waiters) {
        w.callback(null);
      }
    }
  }

  // ---- what ClientResponse asks of its connection --------------------------------------

  @Override
  public void pauseReading() {
    transport.pauseProducing();
    cancelReadTimeout();
  }

  /** The body's reader wants more; the read timeout counts again while the body is unfinished. */
  @Override
  public void resumeReading() {
    transport.resumeProducing();
    startReadTimeout();
  }

  @Override
  public void resumeAfterBody() {
    transport.resumeProducing(); // no read timeout: the next request starts its own
  }

  /** The body's reader gave up: the connection cannot be reused, and goes if still reading. */
  @Override
  public void abandonBody(boolean stillReading) {
    broken = true;
    if (stillReading) {
      transport.abortConnection();
    }
  }

  @Override
  public Transport connectionTransport() {
    return transport;
  }

  @Override
  public String toString() {
    return "Http1ClientConnection[" + (transport == null ? "unconnected" : transport.getPeer()) + "]";
  }

  /** Closes an idle connection cleanly. */
  @Override
  public void close() {
    if (connected) {
      transport.loseConnection();
    }
  }

}
