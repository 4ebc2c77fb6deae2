package dev.torsion.words.irc;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.NioReactor;
import dev.torsion.internet.endpoints.Endpoints;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A NioReactor on its own thread for socket tests; close() stops it and its ports. */
final class RealReactor implements AutoCloseable {
  final NioReactor reactor = new NioReactor();
  private final Thread thread = new Thread(reactor::run, "words-test-reactor");
  private final List<ListeningPort> ports = new ArrayList<>();

  RealReactor() {
    thread.start();
  }

  /** Listens on 127.0.0.1 on a free port; returns the port. */
  int listen(Factory factory) throws Exception {
    ListeningPort p = call(() ->
        Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1").listen(factory));
    ports.add(p);
    return ((IPv4Address) p.getHost()).port();
  }

  /** Runs {@code action} on the reactor thread and waits (20 s at most) for its Deferred. */
  <T> T call(Supplier<Deferred<T>> action) throws Exception {
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
      return f.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }

  /** Runs {@code action} on the reactor thread and waits for it. */
  <T> T onReactor(Supplier<T> action) throws Exception {
    return call(() -> Deferred.succeed(action.get()));
  }

  @Override
  public void close() throws Exception {
    for (ListeningPort p : ports) {
      call(p::stopListening);
    }
    reactor.callFromThread(reactor::stop);
    thread.join(10_000);
    if (thread.isAlive()) {
      throw new AssertionError("reactor thread still running");
    }
    reactor.close();
  }
}
