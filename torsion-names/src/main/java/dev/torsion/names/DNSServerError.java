package dev.torsion.names;

/**
 * A lookup failure: the server could not answer (SERVFAIL).
 *
 * <pre>{@code
 * deferred.addErrback(f -> { f.trap(DNSServerError.class); return fallback; });
 * }</pre>
 */
public class DNSServerError extends DNSError {
  public DNSServerError(String message) {
    super(message);
  }
}
