package dev.torsion.internet.ssl;

/**
 * Implemented by a protocol that wants to know when its TLS handshake has finished: Twisted's
 * {@code IHandshakeListener}. From then on the transport's {@link TLSTransport} methods report
 * the peer's certificates and the negotiated ALPN protocol.
 *
 * <pre>{@code
 * final class Greeter extends Protocol implements HandshakeListener {
 *   public void handshakeCompleted() {
 *     TLSTransport tls = (TLSTransport) transport;
 *     transport.write(("hello over " + tls.getApplicationProtocol() + "\n").getBytes());
 *   }
 * }
 * }</pre>
 */
public interface HandshakeListener {
  /** The handshake has finished; called on the reactor thread, at most once per TLS start. */
  void handshakeCompleted();
}
