package dev.torsion.internet;

import java.util.concurrent.Callable;

/** The acquire-run-release shared by {@link DeferredLock} and {@link DeferredSemaphore}. */
final class Primitives {
  private Primitives() {}

  @SuppressWarnings("unchecked")
  static <R> Deferred<R> run(Deferred<?> acquired, Callable<?> fn, Runnable release) {
    return (Deferred<R>)
        acquired.addCallback(
            ignored ->
                Deferred.maybeDeferred(fn)
                    .addBoth(
                        result -> {
                          release.run();
                          return result;
                        }));
  }
}
