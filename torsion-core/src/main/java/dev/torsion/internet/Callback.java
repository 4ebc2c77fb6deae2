package dev.torsion.internet;

/**
 * A step in a {@link Deferred}'s chain: takes the result so far and returns the next one.
 *
 * <p>Like {@link java.util.function.Function}, but it may throw any exception; a thrown exception
 * moves the chain onto its errback path, as a raised exception does in Twisted.
 *
 * <pre>{@code
 * d.addCallback(body -> new String(body, UTF_8));
 * }</pre>
 *
 * @param <T> the result this step receives
 * @param <R> the result it hands on; it may also return a {@link Deferred}, which the chain waits for
 */
@FunctionalInterface
public interface Callback<T, R> {
  R call(T result) throws Exception;
}
