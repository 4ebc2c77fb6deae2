package dev.torsion.conch.client;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.NioReactor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A real reactor on its own thread, and a way to wait (with a deadline) for its Deferreds. */
final class ReactorThread implements AutoCloseable {
  final NioReactor reactor = new NioReactor();
  private final Thread thread = new Thread(reactor::run, "client-test-reactor");

  ReactorThread() {
    thread.start();
  }

  /** Runs {@code call} on the reactor thread and waits for the Deferred it returns. */
  <T> T await(Supplier<Deferred<T>> call) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    reactor.callFromThread(() -> {
      try {
        call.get().addCallbacks(v -> {
          f.complete(v);
          return null;
        }, failure -> {
          f.completeExceptionally(failure.value());
          return null;
        });
      } catch (RuntimeException e) {
        f.completeExceptionally(e);
      }
    });
    try {
      return f.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof Exception ex) {
        throw ex;
      }
      throw e;
    }
  }

  @Override
  public void close() throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    reactor.callFromThread(() -> {
      reactor.stop();
      stopped.countDown();
    });
    stopped.await(10, TimeUnit.SECONDS);
    thread.join(10_000);
    reactor.close();
  }
}
