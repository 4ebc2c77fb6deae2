package dev.torsion.trial;

import dev.torsion.internet.Address;
import dev.torsion.internet.ConnectionAborted;
import dev.torsion.internet.ConnectionDone;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.internal.ProtocolSwitchable;

/**
 * A {@link StringTransport} whose {@code loseConnection} really ends the connection: it tells
 * its protocol through {@code transportClosed} with {@link ConnectionDone} (or {@link
 * ConnectionAborted} for {@code abortConnection}). Twisted's {@code
 * StringTransportWithDisconnection}.
 *
 * <p>Since it knows its protocol, it also supports {@code startTLS} as a TCP transport does: a
 * real TLS layer goes in as {@link #protocol} with the old protocol above it, whose {@code
 * transport} becomes a TLSTransport; what was written before stays in {@link #value()} as
 * plaintext and the handshake's ciphertext follows. Feed later input to {@link #protocol} (the
 * layer), not to the old protocol. To run both sides of the handshake, use {@link IOPump}.
 *
 * <pre>{@code
 * StringTransportWithDisconnection transport = new StringTransportWithDisconnection();
 * transport.protocol = proto;
 * proto.makeConnection(transport);
 * proto.dataReceived("QUIT\r\n".getBytes(UTF_8));
 * assertThat(proto.isConnected()).isFalse();     // connectionLost ran
 * }</pre>
 */
public class StringTransportWithDisconnection extends StringTransport
    implements ProtocolSwitchable {
  /**
   * The protocol to tell about the close; set it before closing (or use the constructor). After
   * {@code startTLS} it is the TLS layer under the original protocol.
   */
  public Protocol protocol;

  /** The clock {@code startTLS} uses for the handshake timeout; null (the default) for none. */
  public ReactorTime time;

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

  @Override
  public Protocol currentProtocol() {
    if (protocol == null) {
      throw new IllegalStateException(
          "StringTransportWithDisconnection.protocol is not set: cannot start TLS under it");
    }
    return protocol;
  }

  @Override
  public void switchProtocol(Protocol protocol) {
    if (disconnecting) {
      throw new IllegalStateException("cannot switch protocols on a closed connection: " + this);
    }
    this.protocol = protocol;
  }

  @Override
  public ReactorTime reactorTime() {
    return time;
  }

  private void closed(Throwable reason) {
    if (protocol == null) {
      throw new IllegalStateException("StringTransportWithDisconnection.protocol is not set");
    }
    protocol.transportClosed(Failure.of(reason));
  }
}
