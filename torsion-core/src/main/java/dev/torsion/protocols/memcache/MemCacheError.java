package dev.torsion.protocols.memcache;

/**
 * Something went wrong talking to memcached: the base of the errors a {@link MemCacheProtocol} Deferred fails with (besides {@link dev.torsion.internet.TimeoutError} and connection loss); a reply that is not memcache's closes the connection with this.
 *
 * <pre>{@code
 * cache.set("k", value).addErrback(f -> {
 *   if (f.check(MemCacheError.class) != null) { log.warn("memcache: {}", f.getErrorMessage()); }
 *   return null;
 * });
 * }</pre>
 */
public class MemCacheError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MemCacheError(String message) {
    super(message);
  }
}
