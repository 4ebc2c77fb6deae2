package dev.torsion.internet;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in reactor for tests of threads, processes and resolvers, which use only {@link
 * #callFromThread} and {@link #callInThread}: "reactor thread" tasks run in order on one
 * single-thread executor the test can wait on, and pool work on a real {@link ThreadPool}. Every
 * other Reactor method is unsupported. Close it to stop both and leave no thread behind.
 */
final class ThreadsTestReactor implements Reactor, AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final ExecutorService loop;
  private final ThreadPool pool = new ThreadPool(0, 4, "test-pool");
  private final AtomicInteger callInThreadCount = new AtomicInteger();
  private volatile Thread loopThread;

  ThreadsTestReactor() {
    loop = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "test-reactor");
      t.setDaemon(true);
      loopThread = t;
      return t;
    });
    pool.start();
  }

  /** The thread that runs callFromThread tasks (once one has run). */
  Thread reactorThread() {
    return loopThread;
  }

  /** How many times {@link #callInThread} was called. */
  int callInThreadCount() {
    return callInThreadCount.get();
  }

  /** Runs {@code fn} on the reactor thread and returns its result, waiting at most TIMEOUT. */
  <T> T onReactor(Callable<T> fn) throws Exception {
    Future<T> f = loop.submit(fn);
    return f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits for {@code d} (a Deferred living on the reactor thread) and returns its outcome. */
  <T> Object outcome(Deferred<T> d) throws Exception {
    CompletableFuture<Object> result = new CompletableFuture<>();
    onReactor(() -> d.addBoth(r -> {
      result.complete(r);
      return null;
    }));
    return result.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void callFromThread(Runnable fn) {
    loop.execute(() -> {
      try {
        fn.run();
      } catch (Throwable t) {
        Log.err(t, "Unhandled error in callFromThread task");
      }
    });
  }

  @Override
  public void callInThread(Runnable fn) {
    callInThreadCount.incrementAndGet();
    pool.callInThread(fn);
  }

  public ThreadPool getThreadPool() {
    return pool;
  }

  @Override
  public void close() throws InterruptedException {
    pool.stop();
    loop.shutdown();
    if (!loop.awaitTermination(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("test reactor did not stop");
    }
  }

  // --- the rest of Reactor is not used by the code under test ---

  @Override
  public double seconds() {
    return System.nanoTime() / 1e9;
  }

  @Override
  public DelayedCall callLater(double delaySeconds, Runnable fn) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<DelayedCall> getDelayedCalls() {
    return List.of();
  }

  @Override
  public void run() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void stop() {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean isRunning() {
    return true;
  }

  @Override
  public void callWhenRunning(Runnable fn) {
    callFromThread(fn);
  }

  @Override
  public Object addSystemEventTrigger(Phase phase, String eventType, Callable<?> fn) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void removeSystemEventTrigger(Object triggerId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ListeningPort listenTCP(int port, Factory factory, int backlog, String iface) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Connector connectTCP(
      String host, int port, ClientFactory factory, double timeoutSeconds, Address bindAddress) {
    throw new UnsupportedOperationException();
  }

  @Override
  public UDPPort listenUDP(int port, DatagramProtocol protocol, String iface, int maxPacketSize) {
    throw new UnsupportedOperationException();
  }

  @Override
  public UDPPort listenMulticast(
      int port, DatagramProtocol protocol, String iface, boolean listenMultiple) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ListeningPort listenUNIX(
      String path, Factory factory, int backlog, int mode, boolean wantPID) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Connector connectUNIX(
      String path, ClientFactory factory, double timeoutSeconds, boolean checkPID) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ProcessTransport spawnProcess(
      ProcessProtocol protocol,
      String executable,
      List<String> args,
      Map<String, String> env,
      String path) {
    return dev.torsion.internet.internal.ProcessSpawner.spawn(
        this, protocol, executable, args, env, path);
  }

  @Override
  public void suggestThreadPoolSize(int size) {
    pool.adjustPoolsize(0, size);
  }

  @Override
  public Resolver getResolver() {
    return new dev.torsion.internet.internal.JdkResolver(this);
  }

  @Override
  public Resolver installResolver(Resolver resolver) {
    throw new UnsupportedOperationException();
  }
}
