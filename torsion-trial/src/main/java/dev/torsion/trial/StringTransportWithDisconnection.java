package dev.torsion.trial;

import dev.torsion.internet.Address;
import dev.torsion.internet.ConnectionAborted;
import dev.torsion.internet.ConnectionDone;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;

/**
 * A {@link StringTransport} whose {@code loseConnection} really ends the connection: it tells
 * its protocol through {@code transportClosed} with {@link ConnectionDone} (or {@link
 * ConnectionAborted} for {@code abortConnection}). Twisted's {@code
 * StringTransportWithDisconnection}.
 *
 * <pre>{@code
 * StringTransportWithDisconnection transport = new StringTransportWithDisconnection();
 * transport.protocol = proto;
 * proto.makeConnection(transport);
 * proto.dataReceived("QUIT\r\n".getBytes(UTF_8));
 * assertThat(proto.isConnected()).isFalse();     // connectionLost ran
 * }</pre>
 */
public class StringTransportWithDisconnection extends StringTransport {
  /** The protocol to tell about the close; set it before closing (or use the constructor). */
  public Protocol protocol;

  public StringTransportWithDisconnection() {}

  /** A transport that closes {@code protocol}; it does not call makeConnection itself. */
  public StringTransportWithDisconnection(Protocol protocol) {
    this.protocol = protocol;
  }

  public StringTransportWithDisconnection(Address hostAddress, Address peerAddress) {
    super(hostAddress, peerAddress);
  }

  @Override
  public void loseConnection() {
    if (disconnecting) {
      return;
    }
    super.loseConnection();
    closed(new ConnectionDone("Connection was closed cleanly."));
  }

  @Override
  public void abortConnection() {
    if (aborted) {
      return;
    }
    boolean alreadyClosed = disconnecting;
    super.abortConnection();
    if (!alreadyClosed) {
      closed(new ConnectionAborted("Connection was aborted."));
    }
  }

  private void closed(Throwable reason) {
    if (protocol == null) {
      throw new IllegalStateException("StringTransportWithDisconnection.protocol is not set");
    }
    protocol.transportClosed(Failure.of(reason));
  }
}
