package dev.torsion.names;

/**
 * A lookup failure: no server answered in time, after every retry.
 *
 * <pre>{@code
 * deferred.addErrback(f -> { f.trap(DNSQueryTimeoutError.class); return fallback; });
 * }</pre>
 */
public class DNSQueryTimeoutError extends DNSError {
  public DNSQueryTimeoutError(String message) {
    super(message);
  }
}
