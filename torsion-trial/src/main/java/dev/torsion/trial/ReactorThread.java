package dev.torsion.trial;

import dev.torsion.internet.Address;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.IPv6Address;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.NioReactor;
import dev.torsion.internet.endpoints.Endpoints;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A real {@link NioReactor} running on a thread of its own, for tests that talk to real programs
 * from the test thread: start a Torsion server, run {@code curl} or {@code ssh} against it, and
 * wait for a Deferred with a deadline. {@link #close} stops the ports it opened, then the reactor,
 * and fails the test if the reactor thread does not end.
 *
 * <p>Use {@link TrialExtension} when the test itself can run on the reactor thread; use this when
 * the test must block (a peer process, a blocking socket) while the reactor goes on.
 *
 * <pre>{@code
 * try (ReactorThread real = new ReactorThread()) {
 *   int port = real.listenTCP(new FTPFactory(options));
 *   Process curl = new ProcessBuilder("curl", "ftp://127.0.0.1:" + port + "/").start();
 *   ...
 *   String reply = real.call(() -> client.pwd());   // runs on the reactor, waits here
 * }
 * }</pre>
 */
public final class ReactorThread implements AutoCloseable {
  private static final long DEFAULT_TIMEOUT_SECONDS = 60;

  private final NioReactor reactor = new NioReactor();
  private final Thread thread;
  private final List<ListeningPort> ports = new ArrayList<>();

  /** Starts a reactor on a thread named "test-reactor". */
  public ReactorThread() {
    this("test-reactor");
  }

  /** Starts a reactor on a thread named {@code threadName}. */
  public ReactorThread(String threadName) {
    thread = new Thread(reactor::run, threadName);
    thread.start();
  }

  /** The running reactor; touch it from its own thread only ({@link #call}, callFromThread). */
  public NioReactor reactor() {
    return reactor;
  }

  /** Listens with {@code factory} on a server endpoint description; the port it got. */
  public int listen(String description, Factory factory) throws Exception {
    ListeningPort p = call(() -> Endpoints.serverFromString(reactor, description).listen(factory));
    synchronized (ports) {
      ports.add(p);
    }
    Address host = p.getHost();
    if (host instanceof IPv4Address v4) {
      return v4.port();
    }
    if (host instanceof IPv6Address v6) {
      return v6.port();
    }
    throw new IllegalArgumentException("not a TCP listener: " + description + " -> " + host);
  }

  /** Listens with {@code factory} on 127.0.0.1, on a free port; the port. */
  public int listenTCP(Factory factory) throws Exception {
    return listen("tcp:0:interface=127.0.0.1", factory);
  }

  /**
   * Runs {@code action} on the reactor thread and waits, 60 seconds at most, for the Deferred it
   * returns: its result, or its failure's exception thrown here.
   */
  public <T> T call(Supplier<Deferred<T>> action) throws Exception {
    return call(DEFAULT_TIMEOUT_SECONDS, action);
  }

  /** As {@link #call(Supplier)}, waiting at most {@code seconds}. */
  public <T> T call(long seconds, Supplier<Deferred<T>> action) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    reactor.callFromThread(() -> {
      try {
        action.get().addCallbacks(v -> {
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
      return f.get(seconds, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception ex) {
        throw ex;
      }
      throw e;
    } catch (TimeoutException e) {
      throw new AssertionError("no result within " + seconds + " s from " + action, e);
    }
  }

  /** Runs {@code action} on the reactor thread and waits for what it returns. */
  public <T> T onReactor(Supplier<T> action) throws Exception {
    return call(() -> Deferred.succeed(action.get()));
  }

  @Override
  public void close() throws Exception {
    List<ListeningPort> open;
    synchronized (ports) {
      open = new ArrayList<>(ports);
      ports.clear();
    }
    for (ListeningPort p : open) {
      call(p::stopListening);
    }
    reactor.callFromThread(reactor::stop);
    thread.join(TimeUnit.SECONDS.toMillis(20));
    if (thread.isAlive()) {
      throw new AssertionError(thread.getName() + " still running 20 s after stop");
    }
    reactor.close();
  }
}
