package dev.torsion.web.http2.internal;

import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ssl.HandshakeListener;
import dev.torsion.internet.ssl.TLSTransport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The protocol of an https connection from the client's pool until the TLS handshake says which
 * HTTP it speaks: ALPN {@code h2} (RFC 7301, RFC 9113 3.2) gets an {@link Http2ClientConnection},
 * anything else (http/1.1, or no ALPN at all) an HTTP/1.1 connection.
 *
 * <pre>
 *   connect ─▶ TLS handshake (offering h2, http/1.1) ─▶ "h2" ─▶ Http2ClientConnection
 *                                                    └▶ other ─▶ HTTP/1.1 connection
 * </pre>
 */
public final class ClientProtocolSelector extends Protocol implements HandshakeListener {
  private final Supplier<Http2ClientConnection> http2;
  private final Supplier<Protocol> http1;
  private final Consumer<Failure> failedBeforeChoice;
  private Protocol chosen;

  /**
   * {@code http2} and {@code http1} make the protocol for each outcome (and tell the pool);
   * {@code failedBeforeChoice} hears a connection lost before the handshake finished.
   */
  public ClientProtocolSelector(Supplier<Http2ClientConnection> http2, Supplier<Protocol> http1,
      Consumer<Failure> failedBeforeChoice) {
    this.http2 = http2;
    this.http1 = http1;
    this.failedBeforeChoice = failedBeforeChoice;
  }

  @Override
  public void connectionMade() {
    if (!(transport instanceof TLSTransport)) {
      choose(false); // cleartext: no negotiation to wait for
    }
  }

  @Override
  public void handshakeCompleted() {
    if (chosen == null) {
      choose("h2".equals(((TLSTransport) transport).getApplicationProtocol()));
    }
  }

  private void choose(boolean h2) {
    Protocol p = h2 ? http2.get() : http1.get();
    chosen = p;
    p.makeConnection(transport);
  }

  @Override
  public void dataReceived(byte[] data) {
    if (chosen != null) {
      chosen.dataReceived(data);
    }
  }

  @Override
  public void connectionLost(Failure reason) {
    if (chosen != null) {
      chosen.transportClosed(reason);
    } else {
      failedBeforeChoice.accept(reason);
    }
  }
}
