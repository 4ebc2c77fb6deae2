package dev.torsion.web.interop;

import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.NioReactor;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A Site on a real NioReactor running on its own thread, on 127.0.0.1 and a free port. */
final class RealServer implements AutoCloseable {
  final NioReactor reactor = new NioReactor();
  final Site site;
  final ListeningPort port;
  private final Thread thread;

  RealServer(Resource root, Consumer<Site> configure) {
    site = new Site(root, reactor);
    configure.accept(site);
    // Setup before run() happens on this thread, as NioReactor allows.
    port = reactor.listenTCP(0, site, 50, "127.0.0.1");
    thread = new Thread(reactor::run, "web-test-reactor");
    thread.start();
  }

  /** A server on the endpoint {@code description} (such as "ssl:0:interface=...:privateKey=..."). */
  RealServer(Resource root, Consumer<Site> configure, String description) throws Exception {
    site = new Site(root, reactor);
    configure.accept(site);
    thread = new Thread(reactor::run, "web-test-reactor");
    thread.start();
    java.util.concurrent.CompletableFuture<ListeningPort> listening =
        new java.util.concurrent.CompletableFuture<>();
    reactor.callFromThread(() -> dev.torsion.internet.endpoints.Endpoints
        .serverFromString(reactor, description).listen(site)
        .addCallbacks(p -> listening.complete(p), f -> listening.completeExceptionally(f.value())));
    try {
      port = listening.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      reactor.callFromThread(reactor::stop);
      thread.join(10_000);
      reactor.close();
      throw e;
    }
  }

  int port() {
    return ((IPv4Address) port.getHost()).port();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** An https URL naming {@code localhost}, which the test certificates are for. */
  String httpsUrl(String path) {
    return "https://localhost:" + port() + path;
  }

  /** Runs {@code action} on the reactor thread and waits (10 s at most) for its Deferred. */
  <T> T call(java.util.function.Supplier<dev.torsion.internet.Deferred<T>> action) throws Exception {
    java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
    reactor.callFromThread(() -> {
      try {
        action.get().addCallbacks(v -> f.complete(v), e -> f.completeExceptionally(e.value()));
      } catch (RuntimeException e) {
        f.completeExceptionally(e);
      }
    });
    try {
      return f.get(10, TimeUnit.SECONDS);
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
    reactor.callFromThread(() -> port.stopListening().addBoth(r -> {
      reactor.stop();
      stopped.countDown();
      return null;
    }));
    if (!stopped.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("reactor did not stop");
    }
    thread.join(10_000);
    if (thread.isAlive()) {
      throw new AssertionError("reactor thread still running");
    }
    reactor.close();
  }
}
