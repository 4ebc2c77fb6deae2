package dev.torsion.internet.endpoints.internal;

import dev.torsion.internet.Address;

/**
 * What a PROXY protocol header said: the client's address and the address it connected to on
 * the proxy, or both null when the header carries none (v1 {@code UNKNOWN}, v2 {@code LOCAL} or
 * {@code UNSPEC}: a health check from the proxy itself), in which case the connection's own
 * addresses stand.
 */
public record ProxyHeader(Address source, Address destination) {
  /** A header with no addresses. */
  public static final ProxyHeader LOCAL = new ProxyHeader(null, null);

  public boolean isLocal() {
    return source == null;
  }
}
