package dev.torsion.internet.ssl;

/**
 * A TLS handshake failed or timed out: an untrusted certificate, a host name mismatch, no
 * shared protocol version, cipher or ALPN protocol, plaintext where TLS was expected, or no
 * answer within the handshake timeout. The message names the peer and the reason; the cause is
 * the JDK's {@link javax.net.ssl.SSLHandshakeException} or a {@link
 * dev.torsion.internet.TimeoutError}.
 *
 * <pre>{@code
 * endpoint.connect(factory).addErrback(f -> {
 *   f.trap(TLSHandshakeError.class);
 *   System.err.println("TLS: " + f.getErrorMessage());
 *   return null;
 * });
 * }</pre>
 */
public class TLSHandshakeError extends TLSError {
  public TLSHandshakeError(String message, Throwable cause) {
    super(message, cause);
  }
}
