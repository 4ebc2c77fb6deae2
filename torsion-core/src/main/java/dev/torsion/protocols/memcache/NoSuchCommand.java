package dev.torsion.protocols.memcache;

/**
 * The server answered {@code ERROR}: it does not know the command (Twisted's {@code memcache.NoSuchCommand}).
 *
 * <pre>{@code
 * cache.set("k", value).addErrback(f -> {
 *   if (f.check(NoSuchCommand.class) != null) { log.warn("memcache: {}", f.getErrorMessage()); }
 *   return null;
 * });
 * }</pre>
 */
public final class NoSuchCommand extends MemCacheError {
  private static final long serialVersionUID = 1L;

  public NoSuchCommand(String message) {
    super(message);
  }
}
