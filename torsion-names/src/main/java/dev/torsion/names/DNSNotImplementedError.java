package dev.torsion.names;

/**
 * A lookup failure: the server does not implement the request (NOTIMP).
 *
 * <pre>{@code
 * deferred.addErrback(f -> { f.trap(DNSNotImplementedError.class); return fallback; });
 * }</pre>
 */
public class DNSNotImplementedError extends DNSError {
  public DNSNotImplementedError(String message) {
    super(message);
  }
}
