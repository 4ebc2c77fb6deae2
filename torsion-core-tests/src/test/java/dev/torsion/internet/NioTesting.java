package dev.torsion.internet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Helpers for the real-socket reactor tests: a reactor running on its own thread, driven from
 * the test thread with {@link #call} or {@link #await} (which go through callFromThread) and
 * waited on with timeouts, never sleeps.
 */
public final class NioTesting implements AutoCloseable {
  static final long TIMEOUT_SECONDS = 30;
  /** For tests that also drive external programs (openssl, curl) from the test thread. */
  public static final long SLOW_TIMEOUT_SECONDS = 60;

  public final NioReactor reactor = new NioReactor();
  private final Thread thread;
  private final long timeoutSeconds;

  NioTesting() {
    this("test-reactor", TIMEOUT_SECONDS);
  }

  public NioTesting(String threadName, long timeoutSeconds) {
    this.timeoutSeconds = timeoutSeconds;
    thread = new Thread(reactor::run, threadName);
    thread.start();
  }

  /** Runs {@code fn} on the reactor thread and returns its result. */
  public <T> T call(Callable<T> fn) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    reactor.callFromThread(() -> {
      try {
        f.complete(fn.call());
      } catch (Throwable t) {
        f.completeExceptionally(t);
      }
    });
    return f.get(timeoutSeconds, TimeUnit.SECONDS);
  }

  /** Waits for a Deferred made on the reactor thread by {@code fn}; its result or its error. */
  public <T> T await(Callable<Deferred<T>> fn) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    reactor.callFromThread(() -> {
      try {
        fn.call().addCallbacks(r -> {
          f.complete(r);
          return null;
        }, e -> {
          f.completeExceptionally(e.value());
          return null;
        });
      } catch (Throwable t) {
        f.completeExceptionally(t);
      }
    });
    return f.get(timeoutSeconds, TimeUnit.SECONDS);
  }

  /** The outcome of a Deferred made on the reactor thread: its result, or its Failure. */
  public <T> Object outcome(Callable<Deferred<T>> fn) throws Exception {
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
    return f.get(timeoutSeconds, TimeUnit.SECONDS);
  }

  /** Stops the reactor and checks its thread ended. */
  @Override
  public void close() throws Exception {
    reactor.callFromThread(() -> {
      if (reactor.isRunning()) {
        reactor.stop();
      }
    });
    thread.join(TimeUnit.SECONDS.toMillis(timeoutSeconds));
    assertThat(thread.isAlive()).as("reactor thread ended").isFalse();
  }

  public static int port(ListeningPort p) {
    Address a = p.getHost();
    return a instanceof IPv4Address ? ((IPv4Address) a).port() : ((IPv6Address) a).port();
  }

  /** How many file descriptors this process has open (Linux). */
  static long openFds() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
      return s.count();
    }
  }

  /**
   * Starts a thread writing all of {@code data} to {@code ch} and then half-closing it; a failure
   * ends the thread with it (the reader then sees a short stream).
   */
  static Thread writeAllThenShutdown(SocketChannel ch, byte[] data) {
    Thread writer = new Thread(() -> {
      try {
        ByteBuffer b = ByteBuffer.wrap(data);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.shutdownOutput();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    writer.start();
    return writer;
  }

  /** The byte at {@code offset} of client {@code id}'s stream: cheap, and differs per client. */
  static byte pattern(int id, long offset) {
    return (byte) (offset * 7 + (offset >>> 9) * 13 + id * 31);
  }

  /** Runs a reactor on the calling thread until {@code d} fires (or the timeout), returning its outcome. */
  static Object runUntil(NioReactor reactor, Deferred<?> d, double timeout) {
    Object[] outcome = {null};
    boolean[] timedOut = {false};
    DelayedCall watchdog = reactor.callLater(timeout, () -> {
      timedOut[0] = true;
      reactor.stop();
    });
    reactor.callWhenRunning(() -> d.addBoth(r -> {
      outcome[0] = r;
      if (watchdog.active()) {
        watchdog.cancel();
      }
      // Stop even if the watchdog is gone (a test may cancel every call): never hang.
      if (!timedOut[0]) {
        reactor.stop();
      }
      return null;
    }));
    reactor.run();
    assertThat(timedOut[0]).as("timed out after " + timeout + "s").isFalse();
    return outcome[0];
  }
}
