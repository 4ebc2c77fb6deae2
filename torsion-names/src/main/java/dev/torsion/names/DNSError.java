package dev.torsion.names;

/**
 * Why a lookup failed: the base of Twisted's {@code twisted.names.error} family. Resolvers fail
 * their Deferreds with one of the subclasses, so callers trap the case they handle.
 *
 * <pre>{@code
 * resolver.lookupAddress("nope.example").addErrback(f -> {
 *   f.trap(DNSNameError.class);   // NXDOMAIN
 *   return List.of();
 * });
 * }</pre>
 */
public class DNSError extends RuntimeException {
  public DNSError(String message) {
    super(message);
  }

  public DNSError(String message, Throwable cause) {
    super(message, cause);
  }
}
