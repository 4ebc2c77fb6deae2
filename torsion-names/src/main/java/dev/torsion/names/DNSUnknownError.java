package dev.torsion.names;

/**
 * A lookup failure: the server answered with an rcode this client does not know.
 *
 * <pre>{@code
 * deferred.addErrback(f -> { f.trap(DNSUnknownError.class); return fallback; });
 * }</pre>
 */
public class DNSUnknownError extends DNSError {
  public DNSUnknownError(String message) {
    super(message);
  }
}
