package dev.torsion.web.internal;

import dev.torsion.internet.Address;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Producer;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Transport;
import dev.torsion.web.client.Response;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A response whose body comes from a connection (an {@link Http1ClientConnection}, or one stream
 * of an HTTP/2 connection): pieces that arrive before
 * {@link #deliverBody} are kept, then handed over in order; the body protocol's transport pauses
 * and resumes the connection (Twisted's {@code Response} with its {@code _TransportProxy}).
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

  ClientResponse(Source connection, MessageHead head) {
    this(connection, head.status(), head.reason(), head.version(), head.headers(),
        head.contentLength());
  }

  public ClientResponse(Source connection, int code, String phrase, String version,
      dev.torsion.web.Headers headers, long length) {
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

  public void end(Failure reason) {
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
    p.makeConnection(new BodyTransport());
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
