package dev.torsion.internet.ssl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Address;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.IPv6Address;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.NioReactor;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real reactor on its own thread for TLS tests that also drive blocking things (openssl, curl)
 * from the test thread. Everything touching the reactor goes through {@link #call} or {@link
 * #await}, which wait with a timeout; nothing sleeps.
 */
final class ReactorThread implements AutoCloseable {
  static final long TIMEOUT_SECONDS = 60;

  final NioReactor reactor = new NioReactor();
  private final Thread thread = new Thread(reactor::run, "tls-test-reactor");

  ReactorThread() {
    thread.start();
  }

  <T> T call(Callable<T> fn) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    reactor.callFromThread(() -> {
      try {
        f.complete(fn.call());
      } catch (Throwable t) {
        f.completeExceptionally(t);
      }
    });
    return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /** The outcome of a Deferred made on the reactor thread: its result, or its Failure. */
  <T> Object outcome(Callable<Deferred<T>> fn) throws Exception {
    CompletableFuture<Object> f = new CompletableFuture<>();
    reactor.callFromThread(() -> {
      try {
        fn.call().addBoth(r -> {
          f.complete(r);
          return null;
        });
      } catch (Throwable t) {
        f.completeExceptionally(t);
      }
    });
    return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  static int port(ListeningPort p) {
    Address a = p.getHost();
    return a instanceof IPv4Address ? ((IPv4Address) a).port() : ((IPv6Address) a).port();
  }

  @Override
  public void close() throws Exception {
    reactor.callFromThread(() -> {
      if (reactor.isRunning()) {
        reactor.stop();
      }
    });
    thread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    assertThat(thread.isAlive()).as("reactor thread ended").isFalse();
  }
}
