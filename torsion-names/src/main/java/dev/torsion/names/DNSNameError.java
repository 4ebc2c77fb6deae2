package dev.torsion.names;

/**
 * A lookup failure: the name does not exist (NXDOMAIN, RFC 1035 4.1.1 rcode 3).
 *
 * <pre>{@code
 * deferred.addErrback(f -> { f.trap(DNSNameError.class); return fallback; });
 * }</pre>
 */
public class DNSNameError extends DNSError {
  public DNSNameError(String message) {
    super(message);
  }
}
