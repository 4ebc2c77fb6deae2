package dev.torsion.names;

/**
 * A lookup failure: the server refused the query (REFUSED).
 *
 * <pre>{@code
 * deferred.addErrback(f -> { f.trap(DNSQueryRefusedError.class); return fallback; });
 * }</pre>
 */
public class DNSQueryRefusedError extends DNSError {
  public DNSQueryRefusedError(String message) {
    super(message);
  }
}
