package dev.torsion.protocols.memcache;

/**
 * One item read from memcached: its client flags, its bytes, and its CAS unique (0 unless read by
 * {@code gets}); Twisted's {@code (flags, value)} and {@code (flags, cas, value)} tuples.
 *
 * <pre>{@code
 * cache.gets("counter").addCallback(v ->
 *     cache.checkAndSet("counter", next(v.value()), v.cas()));
 * }</pre>
 *
 * @param flags the 32-bit flags stored with the item
 * @param value the item's bytes (the caller owns this array)
 * @param cas the CAS unique, for {@link MemCacheProtocol#checkAndSet}
 */
public record MemCacheValue(int flags, byte[] value, long cas) {}
