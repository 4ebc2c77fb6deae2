package dev.torsion.application.internal;

import dev.torsion.internet.BufferReceiver;
import dev.torsion.internet.Failure;
import dev.torsion.internet.GracefulClose;
import dev.torsion.internet.HalfCloseableProtocol;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Transport;
import dev.torsion.internet.internal.ProtocolWrapper;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Stands between a transport and the protocol a service's factory built, to tell the service
 * when the connection comes and goes (Twisted's {@code policies.ProtocolWrapper}, cut down).
 *
 * <p>The wrapped protocol gets the real transport, so everything it does goes straight to the
 * socket; only the calls a transport makes on its protocol pass through here. It is always
 * half-closeable towards the transport; when the wrapped protocol is not, a half-close from the
 * peer closes the connection, which is what the transport would have done.
 *
 * <p>It is a {@link BufferReceiver} so that a wrapped one (the stock {@code Echo}) still reads in
 * place from the reactor's buffer; a wrapped protocol that is not gets its array, made here
 * exactly as the transport would have made it.
 */
public final class WatchedProtocol extends Protocol
    implements HalfCloseableProtocol, ProtocolWrapper, GracefulClose, BufferReceiver {
  private final Protocol wrapped;
  private final Consumer<WatchedProtocol> onMade;
  private final Consumer<WatchedProtocol> onLost;
  private boolean wrappedMade;
  private boolean closeWhenMade; // asked to close gracefully before the wrapped protocol was made
  private boolean askedToClose;

  public WatchedProtocol(
      Protocol wrapped, Consumer<WatchedProtocol> onMade, Consumer<WatchedProtocol> onLost) {
    this.wrapped = wrapped;
    this.onMade = onMade;
    this.onLost = onLost;
  }

  /** The protocol the service's factory built. */
  public Protocol wrapped() {
    return wrapped;
  }

  /** For STARTTLS, which must switch the wrapped protocol's transport too (it shares ours). */
  @Override
  public Protocol wrappedProtocol() {
    return wrapped;
  }

  @Override
  public void makeConnection(Transport transport) {
    this.connected = true;
    this.transport = transport;
    onMade.accept(this);
    wrapped.makeConnection(transport);
    wrappedMade = true;
    if (closeWhenMade) {
      closeWhenMade = false;
      closeGracefully();
    }
  }

  /**
   * Passes the request on to the wrapped protocol if it is a {@link GracefulClose}, once; asked
   * from {@code onMade} (a connection accepted while its service drains), it waits until the
   * wrapped protocol has been made.
   */
  @Override
  public void closeGracefully() {
    if (!wrappedMade) {
      closeWhenMade = true;
      return;
    }
    if (askedToClose || !connected) {
      return;
    }
    askedToClose = true;
    if (wrapped instanceof GracefulClose graceful && wrapped.isConnected()) {
      graceful.closeGracefully();
    }
  }

  @Override
  public void dataReceived(byte[] data) {
    wrapped.dataReceived(data);
  }

  @Override
  public void bufferReceived(ByteBuffer data) {
    if (wrapped instanceof BufferReceiver receiver) {
      receiver.bufferReceived(data);
    } else {
      byte[] copy = new byte[data.remaining()];
      data.get(copy);
      wrapped.dataReceived(copy);
    }
  }

  @Override
  public void connectionLost(Failure reason) {
    try {
      wrapped.transportClosed(reason);
    } finally {
      onLost.accept(this);
    }
  }

  @Override
  public void readConnectionLost() {
    if (wrapped instanceof HalfCloseableProtocol) {
      ((HalfCloseableProtocol) wrapped).readConnectionLost();
    } else {
      transport.loseConnection();
    }
  }

  @Override
  public void writeConnectionLost() {
    if (wrapped instanceof HalfCloseableProtocol) {
      ((HalfCloseableProtocol) wrapped).writeConnectionLost();
    }
  }

  @Override
  public String toString() {
    return wrapped.toString();
  }
}
