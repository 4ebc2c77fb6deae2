/**
 * Torsion's event-driven core, Twisted's {@code twisted.internet}: the {@link
 * dev.torsion.internet.Reactor} (one thread that dispatches timers, network I/O, processes and
 * work handed over from other threads), the {@link dev.torsion.internet.Protocol}/{@link
 * dev.torsion.internet.Transport} split (a protocol parses bytes and decides; a transport moves
 * them), factories, addresses, and the errors a connection can end with. Results that arrive
 * later travel as a {@link dev.torsion.internet.Deferred}: a chain of callbacks and errbacks with
 * Twisted's exact semantics, with {@link dev.torsion.internet.Failure} for errors, combinators
 * ({@link dev.torsion.internet.DeferredList}, {@code gatherResults}, {@code race}), event-driven
 * {@link dev.torsion.internet.DeferredLock}, {@link dev.torsion.internet.DeferredSemaphore} and
 * {@link dev.torsion.internet.DeferredQueue}, bridges to {@link
 * java.util.concurrent.CompletableFuture}, and {@link dev.torsion.internet.Coroutine} for
 * straight-line code with {@code await}. Nothing here is thread-safe unless it says so: code runs
 * on the reactor thread, and other threads use {@link dev.torsion.internet.Reactor#callFromThread}.
 * Errors nobody can receive go to {@link dev.torsion.internet.Log}. Classes in {@code internal}
 * subpackages are not API.
 */
package dev.torsion.internet;
