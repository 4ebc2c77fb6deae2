package dev.torsion.protocols.memcache;

/**
 * The server answered {@code CLIENT_ERROR}: the request was bad, such as a value over its item size (Twisted's {@code memcache.ClientError}).
 *
 * <pre>{@code
 * cache.set("k", value).addErrback(f -> {
 *   if (f.check(ClientError.class) != null) { log.warn("memcache: {}", f.getErrorMessage()); }
 *   return null;
 * });
 * }</pre>
 */
public final class ClientError extends MemCacheError {
  private static final long serialVersionUID = 1L;

  public ClientError(String message) {
    super(message);
  }
}
