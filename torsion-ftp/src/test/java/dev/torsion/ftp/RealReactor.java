package dev.torsion.ftp;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.NioReactor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A NioReactor on its own thread for real-socket tests; stopped (and its thread joined) by close. */
public final class RealReactor implements AutoCloseable {
  public final NioReactor reactor = new NioReactor();
  private final Thread thread = new Thread(reactor::run, "ftp-test-reactor");

  public RealReactor() {
    thread.start();
  }

  /** Runs {@code action} on the reactor thread and waits (30 s at most) for its Deferred. */
  public <T> T call(Supplier<Deferred<T>> action) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    reactor.callFromThread(() -> {
      try {
        action.get().addCallbacks(v -> {
          f.complete(v);
          return null;
        }, e -> {
          f.completeExceptionally(e.value());
          return null;
        });
      } catch (RuntimeException e) {
        f.completeExceptionally(e);
      }
    });
    try {
      return f.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception ex) {
        throw ex;
      }
      throw e;
    }
  }

  @Override
  public void close() throws Exception {
    reactor.callFromThread(reactor::stop);
    thread.join(10_000);
    if (thread.isAlive()) {
      throw new AssertionError("reactor thread still running");
    }
    reactor.close();
  }
}
