package dev.torsion.web.internal;

import dev.torsion.internet.Address;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Producer;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Transport;
import dev.torsion.web.Headers;
import dev.torsion.web.client.Response;
import dev.torsion.web.client.ResponseDone;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A response whose body comes from a connection (an {@link Http1ClientConnection}, or one stream
 * of an HTTP/2 connection): pieces that arrive before
 * {@link #deliverBody} are kept, then handed over in order; the body protocol's transport pauses
 * and resumes the connection (Twisted's {@code Response} with its {@code _TransportProxy}).
 * Trailers, already checked and filtered by the connection ({@link TrailerFields#received}),
 * are set just before the end and shown by {@link #trailers} once the body protocol has heard
 * {@link ResponseDone}, not earlier, so that whether they are there never depends on how the
 * bytes happened to arrive.
 *
 * <pre>
 *   connection ──receive──▶ pending (until deliverBody) ──▶ protocol.dataReceived
 *   protocol.transport.pauseProducing ──▶ connection.pauseReading (read timeout off)
 * </pre>
 */
public final class ClientResponse extends Response {
  /** Where the body comes from, and how reading it is paused and resumed. */
  public interface Source {
    /** The body's reader wants no more for now (or has not asked yet). */
    void pauseReading();

    /** The body's reader wants more. */
    void resumeReading();

    /** The body is complete and was paused: reading goes on, for whatever comes next. */
    void resumeAfterBody();

    /** The body's reader gave up; {@code stillReading} when the body had not ended. */
    void abandonBody(boolean stillReading);

    /** The connection's transport, for the addresses a body protocol may ask for. */
    Transport connectionTransport();
  }

  private final Source connection;
  private List<byte[]> pending = new ArrayList<>();
  private Failure end;
  private Protocol protocol;
  private boolean paused;
  private boolean stopped;
  private Headers trailers = new Headers();
  private boolean bodyDelivered; // the body protocol has been told ResponseDone

  ClientResponse(Source connection, MessageHead head) {
    this(connection, head.status(), head.reason(), head.version(), head.headers(),
        head.contentLength());
  }

  public ClientResponse(Source connection, int code, String phrase, String version,
      Headers headers, long length) {
    super(code, phrase, version, headers, length);
    this.connection = connection;
  }

  /** Holds the connection until the application asks for the body. */
  public void pause() {
    paused = true;
    connection.pauseReading();
  }

  public boolean isPaused() {
    return paused;
  }

  /** The body is complete: the connection reads again, for whoever uses it next. */
  public void resumeForNextResponse() {
    if (paused) {
      paused = false;
      connection.resumeAfterBody();
    }
  }

  public void receive(byte[] data) {
    if (stopped) {
      return;
    }
    if (protocol == null) {
      pending.add(data);
    } else {
      protocol.dataReceived(data);
    }
  }

  /** The trailer fields that came after the body; before {@link #end}, and only when sent. */
  public void setTrailers(Headers fields) {
    trailers = fields;
  }

  public void end(Failure reason) {
    if (end != null) {
      return;
    }
    end = reason;
    if (protocol != null && !stopped) {
      tellEnd();
    }
  }

  private void tellEnd() {
    bodyDelivered = end.check(ResponseDone.class) != null;
    protocol.transportClosed(end);
  }

  @Override
  public Headers trailers() {
    if (!bodyDelivered) {
      throw new IllegalStateException(stopped || (end != null && protocol != null)
          ? "no trailers: the response body did not end normally"
          : "trailers are known once the whole body has been delivered (ResponseDone)");
    }
    return trailers;
  }

  @Override
  public void deliverBody(Protocol p) {
    if (protocol != null) {
      throw new IllegalStateException("deliverBody called twice");
    }
    protocol = p;
    p.makeConnection(new BodyTransport());
    List<byte[]> buffered = pending;
    pending = null;
    for (byte[] b : buffered) {
      if (!stopped) {
        p.dataReceived(b);
      }
    }
    if (end != null && !stopped) {
      tellEnd();
    } else if (paused && !stopped) {
      paused = false;
      connection.resumeReading();
    }
  }

  /** What a body protocol sees as its transport: flow control over the connection. */
  private final class BodyTransport implements Transport {
    @Override public void pauseProducing() {
      if (!paused && end == null) {
        paused = true;
        connection.pauseReading();
      }
    }

    @Override public void resumeProducing() {
      if (paused) {
        paused = false;
        connection.resumeReading();
      }
    }

    @Override public void stopProducing() {
      // The application wants no more of this body: the connection cannot be reused.
      stopped = true;
      connection.abandonBody(end == null);
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
      return connection.connectionTransport().getPeer();
    }

    @Override public Address getHost() {
      return connection.connectionTransport().getHost();
    }

    @Override public boolean isDisconnecting() {
      return end != null || stopped;
    }
  }
}
