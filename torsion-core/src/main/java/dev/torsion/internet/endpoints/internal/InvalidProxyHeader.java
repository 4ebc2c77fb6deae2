package dev.torsion.internet.endpoints.internal;

/**
 * A connection behind a {@code haproxy:} endpoint did not start with a valid PROXY protocol
 * header: Twisted's {@code InvalidProxyHeader}. The connection is closed; the message says what
 * was wrong ("bad v1 source port '70000'").
 */
public final class InvalidProxyHeader extends RuntimeException {
  public InvalidProxyHeader(String message) {
    super(message);
  }
}
