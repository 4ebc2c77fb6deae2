package dev.torsion.names;

import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.NioReactor;
import dev.torsion.internet.UDPPort;
import dev.torsion.names.server.DNSServerFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/** A DNS server on a real NioReactor thread, TCP and UDP on the same free port of 127.0.0.1. */
public final class RealDns implements AutoCloseable {
  public final NioReactor reactor = new NioReactor();
  private final Thread thread;
  private ListeningPort tcp;
  private UDPPort udp;

  public RealDns(Function<NioReactor, DNSServerFactory> server) {
    DNSServerFactory f = server.apply(reactor);
    // The same port number for both: take a free TCP port, then bind UDP to it (retry if taken).
    for (int attempt = 0; ; attempt++) {
      tcp = reactor.listenTCP(0, f, 50, "127.0.0.1");
      try {
        udp = reactor.listenUDP(port(), f.datagramProtocol(), "127.0.0.1", 65535);
        break;
      } catch (RuntimeException e) {
        tcp.stopListening();
        if (attempt > 5) {
          throw e;
        }
      }
    }
    thread = new Thread(reactor::run, "dns-test-reactor");
    thread.start();
  }

  /** A reactor thread with no server, for client tests. */
  public RealDns() {
    thread = new Thread(reactor::run, "dns-test-reactor");
    thread.start();
  }

  private int port;

  public int port() {
    if (tcp != null) {
      port = ((IPv4Address) tcp.getHost()).port();
    }
    return port;
  }

  /** Runs {@code action} on the reactor thread and waits (10 s at most) for its Deferred. */
  public <T> T call(Supplier<dev.torsion.internet.Deferred<T>> action) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    reactor.callFromThread(() -> {
      try {
        action.get().addCallbacks(v -> f.complete(v), e -> f.completeExceptionally(e.value()));
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

  /** Stops the server's ports (on the reactor thread) while the reactor keeps running. */
  public dev.torsion.internet.Deferred<Void> stopServing() {
    if (tcp != null) {
      tcp.stopListening();
      udp.stopListening();
      tcp = null;
      udp = null;
    }
    return dev.torsion.internet.Deferred.succeed(null);
  }

  @Override
  public void close() throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    reactor.callFromThread(() -> {
      if (tcp != null) {
        tcp.stopListening();
        udp.stopListening();
      }
      reactor.stop();
      stopped.countDown();
    });
    if (!stopped.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("reactor did not stop");
    }
    thread.join(10_000);
    reactor.close();
  }
}
