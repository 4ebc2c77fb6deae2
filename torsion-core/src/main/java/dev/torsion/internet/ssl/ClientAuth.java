package dev.torsion.internet.ssl;

/**
 * Whether a TLS server asks connecting clients for a certificate.
 *
 * <pre>{@code
 * TLSOptions.forServer(identity).clientAuth(ClientAuth.REQUIRED).trustRoots(clientCa).build();
 * }</pre>
 */
public enum ClientAuth {
  /** Do not ask for a client certificate. */
  NONE,
  /** Ask, but accept clients that send none; a certificate that is sent must verify. */
  OPTIONAL,
  /** Ask, and fail the handshake without a valid client certificate. */
  REQUIRED
}
