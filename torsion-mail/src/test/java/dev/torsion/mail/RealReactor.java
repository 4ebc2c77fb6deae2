package dev.torsion.mail;

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

/** A NioReactor on its own thread, with servers on 127.0.0.1 and free ports; stopped by close. */
public final class RealReactor implements AutoCloseable {
  public final NioReactor reactor = new NioReactor();
  private final Thread thread = new Thread(reactor::run, "mail-test-reactor");
  private final List<ListeningPort> ports = new ArrayList<>();

  public RealReactor() {
    thread.start();
  }

  /** Listens with {@code factory} on the endpoint {@code description} (port 0); the port. */
  public int listen(String description, Factory factory) throws Exception {
    ListeningPort p = call(() -> Endpoints.serverFromString(reactor, description).listen(factory));
    synchronized (ports) {
      ports.add(p);
    }
    return ((IPv4Address) p.getHost()).port();
  }

  public int listenTCP(Factory factory) throws Exception {
    return listen("tcp:0:interface=127.0.0.1", factory);
  }

  /** Runs {@code action} on the reactor thread and waits (20 s at most) for its Deferred. */
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
      return f.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception ex) {
        throw ex;
      }
      throw e;
    }
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
