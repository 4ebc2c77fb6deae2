package dev.torsion.names;

/**
 * A lookup failure: the server said our query was malformed (FORMERR).
 *
 * <pre>{@code
 * deferred.addErrback(f -> { f.trap(DNSFormatError.class); return fallback; });
 * }</pre>
 */
public class DNSFormatError extends DNSError {
  public DNSFormatError(String message) {
    super(message);
  }
}
