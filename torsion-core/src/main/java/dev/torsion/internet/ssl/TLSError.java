package dev.torsion.internet.ssl;

import dev.torsion.internet.ConnectionLost;

/**
 * A TLS connection ended because of a TLS protocol error: a fatal alert from the peer, a bad
 * record, a certificate rejected after the handshake. The cause is the JDK's {@link
 * javax.net.ssl.SSLException}.
 *
 * <pre>{@code
 * public void connectionLost(Failure reason) {
 *   if (reason.check(TLSError.class) != null) log.warn("TLS failed: {}", reason.getErrorMessage());
 * }
 * }</pre>
 */
public class TLSError extends ConnectionLost {
  public TLSError(String message, Throwable cause) {
    super(message, cause);
  }
}
