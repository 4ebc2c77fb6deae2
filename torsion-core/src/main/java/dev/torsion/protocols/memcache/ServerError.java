package dev.torsion.protocols.memcache;

/**
 * The server answered {@code SERVER_ERROR}, such as out of memory (Twisted's {@code memcache.ServerError}).
 *
 * <pre>{@code
 * cache.set("k", value).addErrback(f -> {
 *   if (f.check(ServerError.class) != null) { log.warn("memcache: {}", f.getErrorMessage()); }
 *   return null;
 * });
 * }</pre>
 */
public final class ServerError extends MemCacheError {
  private static final long serialVersionUID = 1L;

  public ServerError(String message) {
    super(message);
  }
}
