package dev.torsion.internet;

/**
 * The logic of one connection, fed bytes by its transport: Twisted's {@code Protocol}.
 *
 * <p>Subclass it and override what you need. All methods run on the reactor thread that owns
 * the connection, so a protocol never needs a lock. An exception thrown from one of them is
 * logged and that connection is dropped; others go on.
 *
 * <pre>{@code
 * final class Echo extends Protocol {
 *   @Override public void dataReceived(byte[] data) {
 *     transport.write(data);
 *   }
 * }
 * reactor.listenTCP(8007, Factory.forProtocol(Echo::new));
 * }</pre>
 */
public class Protocol {
  /** The connection's transport, set by {@link #makeConnection}. */
  protected Transport transport;

  /** The factory that built this protocol, if any. */
  protected Factory factory;

  /** True between {@link #makeConnection} and {@link #connectionLost}. */
  protected boolean connected;

  /** Attaches the transport and calls {@link #connectionMade}. */
  public void makeConnection(Transport transport) {
    this.connected = true;
    this.transport = transport;
    connectionMade();
  }

  /** Called once the connection is up and {@link #transport} is set. */
  public void connectionMade() {}

  /**
   * Called with each chunk of bytes as it arrives. Chunks follow no message boundary: one
   * message may arrive in many chunks, or many in one. The array is the protocol's to keep.
   */
  public void dataReceived(byte[] data) {}

  /**
   * Called once when the connection has closed; {@code reason} wraps {@link ConnectionDone} for a
   * clean close, or {@link ConnectionLost} (or a subclass) otherwise.
   */
  public void connectionLost(Failure reason) {}

  public Transport getTransport() {
    return transport;
  }

  public Factory getFactory() {
    return factory;
  }

  public void setFactory(Factory factory) {
    this.factory = factory;
  }

  public boolean isConnected() {
    return connected;
  }

  /**
   * Called by transports instead of {@link #connectionLost} directly, so that {@link #connected}
   * is cleared first.
   */
  public final void transportClosed(Failure reason) {
    connected = false;
    connectionLost(reason);
  }
}
