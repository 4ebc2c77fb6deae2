package dev.torsion.web.internal;

import dev.torsion.internet.Address;
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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The client side of one HTTP/1.1 connection: Twisted's {@code HTTP11ClientProtocol}. It carries
 * one request at a time (no pipelining); when a response ends and both sides allow it, the
 * connection goes back to its pool.
 */
public final class Http1ClientConnection extends Protocol implements Http1Parser.Listener {
  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] CRLF = {'\r', '\n'};

  private final ReactorTime time;
  private final Http1Parser parser;
  private Deferred<Http1ClientConnection> ready;
  private Consumer<Http1ClientConnection> onReusable;
  private Consumer<Http1ClientConnection> onClosed;

  private Deferred<Response> responseDeferred;
  private BodyResponse response;
  private boolean requestPersistent;
  private boolean responsePersistent;
  private boolean bodySent;
  private boolean responseDone;
  private boolean broken;
  private double readTimeoutSeconds;
  private DelayedCall readTimeout;

  public Http1ClientConnection(ReactorTime time, long maxBody, Deferred<Http1ClientConnection> ready) {
    this.time = time;
    this.ready = ready;
    this.parser = Http1Parser.forResponses(
        new Http1Parser.Limits(8192, 64 * 1024, 200, maxBody), this);
  }

  /** Sets what to call when the connection can carry another request, and when it closes. */
  public void setPoolCallbacks(Consumer<Http1ClientConnection> reusable,
      Consumer<Http1ClientConnection> closed) {
    this.onReusable = reusable;
    this.onClosed = closed;
  }

  @Override
  public void connectionMade() {
    Deferred<Http1ClientConnection> d = ready;
    ready = null;
    if (d != null) {
      d.callback(this);
    }
  }

  /** True when idle and still open. */
  public boolean isUsable() {
    return connected && !broken && responseDeferred == null && !transport.isDisconnecting();
  }

  /**
   * Sends a request. {@code headers} must already be complete (Host included) and validated;
   * {@code target} is the request-target.
   */
  public Deferred<Response> request(String method, String target, Headers headers,
      BodyProducer body, double readTimeout) {
    if (responseDeferred != null) {
      return Deferred.fail(new IllegalStateException("connection busy"));
    }
    Deferred<Response> d = new Deferred<>();
    responseDeferred = d;
    response = null;
    responseDone = false;
    bodySent = body == null;
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
    try {
      done = body.startProducing(consumer);
    } catch (RuntimeException e) {
      done = Deferred.fail(e);
    }
    done.addCallbacks(ok -> {
      if (connected) {
        transport.unregisterProducer();
        if (chunked) {
          transport.write(LAST_CHUNK);
        }
      }
      bodySent = true;
      maybeRelease();
      return null;
    }, f -> {
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
    try {
      int used = parser.feed(data, 0, data.length);
      if (used < data.length) {
        broken = true; // more than one response to one request
      }
    } catch (HttpParseException e) {
      broken = true;
      fail(new ResponseFailed("invalid response: " + e.getMessage()));
      transport.abortConnection();
    }
  }

  @Override
  public void headReceived(MessageHead head) {
    responsePersistent = head.persistent();
    response = new BodyResponse(head);
    Deferred<Response> d = responseDeferred;
    // Stop reading until the application asks for the body.
    transport.pauseProducing();
    response.paused = true;
    d.callback(response);
  }

  @Override
  public void bodyReceived(byte[] data, int offset, int length) {
    response.receive(Arrays.copyOfRange(data, offset, offset + length));
  }

  @Override
  public void messageComplete() {
    responseDone = true;
    cancelReadTimeout();
    response.end(Failure.of(new ResponseDone()));
    maybeRelease();
  }

  private void maybeRelease() {
    if (!responseDone || !bodySent || responseDeferred == null) {
      return;
    }
    responseDeferred = null;
    if (response != null && response.paused) {
      response.paused = false;
      transport.resumeProducing();
    }
    if (requestPersistent && responsePersistent && !broken && onReusable != null) {
      onReusable.accept(this);
    } else {
      transport.loseConnection();
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
    if (readTimeoutSeconds <= 0 || responseDone) {
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
    cancelReadTimeout();
    if (ready != null) {
      Deferred<Http1ClientConnection> d = ready;
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
  }

  /** A response whose body comes from this connection. */
  private final class BodyResponse extends Response {
    private List<byte[]> pending = new ArrayList<>();
    private Failure end;
    private Protocol protocol;
    private boolean paused;
    private boolean stopped;

    BodyResponse(MessageHead head) {
      super(head.status(), head.reason(), head.version(), head.headers(), head.contentLength());
    }

    void receive(byte[] data) {
      if (stopped) {
        return;
      }
      if (protocol == null) {
        pending.add(data);
      } else {
        protocol.dataReceived(data);
      }
    }

    void end(Failure reason) {
      if (end != null) {
        return;
      }
      end = reason;
      if (protocol != null && !stopped) {
        protocol.transportClosed(reason);
      }
    }

    @Override
    public void deliverBody(Protocol p) {
      if (protocol != null) {
        throw new IllegalStateException("deliverBody called twice");
      }
      protocol = p;
      p.makeConnection(new BodyTransport(this));
      List<byte[]> buffered = pending;
      pending = null;
      for (byte[] b : buffered) {
        if (!stopped) {
          p.dataReceived(b);
        }
      }
      if (end != null && !stopped) {
        p.transportClosed(end);
      } else if (paused && !stopped) {
        paused = false;
        transport.resumeProducing();
      }
    }
  }

  /** What a body protocol sees as its transport: flow control over the connection. */
  private final class BodyTransport implements Transport {
    private final BodyResponse owner;

    BodyTransport(BodyResponse owner) {
      this.owner = owner;
    }

    @Override public void pauseProducing() {
      if (!owner.paused && owner.end == null) {
        owner.paused = true;
        transport.pauseProducing();
      }
    }

    @Override public void resumeProducing() {
      if (owner.paused) {
        owner.paused = false;
        transport.resumeProducing();
      }
    }

    @Override public void stopProducing() {
      // The application wants no more of this body: the connection cannot be reused.
      owner.stopped = true;
      broken = true;
      if (owner.end == null) {
        transport.abortConnection();
      }
    }

    @Override public void write(byte[] data) {
      throw new UnsupportedOperationException("a response body is read-only");
    }

    @Override public void write(ByteBuffer data) {
      throw new UnsupportedOperationException("a response body is read-only");
    }

    @Override public void registerProducer(Producer producer, boolean streaming) {
      throw new UnsupportedOperationException("a response body is read-only");
    }

    @Override public void unregisterProducer() {}

    @Override public void loseConnection() {
      stopProducing();
    }

    @Override public void abortConnection() {
      stopProducing();
    }

    @Override public Address getPeer() {
      return transport.getPeer();
    }

    @Override public Address getHost() {
      return transport.getHost();
    }

    @Override public boolean isDisconnecting() {
      return owner.end != null || owner.stopped;
    }
  }

  @Override
  public String toString() {
    return "Http1ClientConnection[" + (transport == null ? "unconnected" : transport.getPeer()) + "]";
  }

  /** Closes an idle connection cleanly. */
  public void close() {
    if (connected) {
      transport.loseConnection();
    }
  }

}
