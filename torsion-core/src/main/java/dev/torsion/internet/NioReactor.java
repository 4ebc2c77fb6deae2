package dev.torsion.internet;

import dev.torsion.internet.internal.DatagramPort;
import dev.torsion.internet.internal.EventLoop;
import dev.torsion.internet.internal.JdkResolver;
import dev.torsion.internet.internal.ProcessSpawner;
import dev.torsion.internet.internal.ReactorIntrospection;
import dev.torsion.internet.internal.SignalHandlers;
import dev.torsion.internet.internal.StreamConnector;
import dev.torsion.internet.internal.StreamPort;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The real reactor: one {@link java.nio.channels.Selector} and one thread (the one that calls
 * {@link #run}), like Twisted's epoll/select reactors. Make one per event-loop thread; {@link
 * Reactor#global()} is one of these, and {@link ReactorGroup} runs several.
 *
 * <pre>{@code
 * NioReactor reactor = new NioReactor();
 * reactor.listenTCP(8007, Factory.forProtocol(Echo::new));
 * reactor.installSignalHandlers();   // Ctrl-C stops it gracefully
 * reactor.run();
 * }</pre>
 *
 * <p>Only {@link #callFromThread} may be called from other threads; everything else belongs to
 * the reactor thread (or to setup code before {@code run()}). An idle reactor blocks in {@code
 * select()} and uses no CPU. See docs/design/threading.md.
 */
public final class NioReactor implements Reactor, ReactorIntrospection, AutoCloseable {
  private final EventLoop loop = new EventLoop(this);
  private final CountDownLatch finished = new CountDownLatch(1);
  private Resolver resolver = new JdkResolver(this);
  private volatile ThreadPool pool;
  private int poolMax = 10;

  public NioReactor() {
    // As Twisted's ReactorBase: ports and connections close during shutdown, the pool after it.
    loop.events().add(Phase.DURING, "shutdown", () -> {
      loop.disconnectAll(Failure.of(new ConnectionLost("the reactor is shutting down")));
      return null;
    });
    loop.events().add(Phase.AFTER, "shutdown", () -> {
      ThreadPool p = pool;
      if (p != null) {
        p.stop();
      }
      return null;
    });
  }

  // ---- core ----

  @Override
  public void run() {
    try {
      loop.run();
    } finally {
      finished.countDown();
    }
  }

  @Override
  public void stop() {
    loop.stop();
  }

  @Override
  public boolean isRunning() {
    return loop.isRunning();
  }

  @Override
  public void callWhenRunning(Runnable fn) {
    Objects.requireNonNull(fn, "fn");
    if (loop.isRunning()) {
      fn.run();
    } else {
      loop.events().add(Phase.AFTER, "startup", () -> {
        fn.run();
        return null;
      });
    }
  }

  @Override
  public void callFromThread(Runnable fn) {
    loop.callFromThread(fn);
  }

  @Override
  public Object addSystemEventTrigger(Phase phase, String eventType, Callable<?> fn) {
    return loop.events().add(phase, eventType, fn);
  }

  @Override
  public void removeSystemEventTrigger(Object triggerId) {
    loop.events().remove(triggerId);
  }

  /**
   * Makes SIGINT and SIGTERM stop this reactor gracefully (shutdown triggers run, connections
   * close); a second signal while it stops exits the process at once, with status 128 + the
   * signal's number (130 for INT, 143 for TERM). Once {@link #run} has returned, signals get the
   * JVM's ordinary handling again (an orderly exit with shutdown hooks). For programs, not
   * libraries: the runner calls it.
   */
  public void installSignalHandlers() {
    SignalHandlers.install(() -> callFromThread(() -> {
      if (loop.isRunning() && !loop.isStopping()) {
        stop();
      }
    }), finished);
  }

  /**
   * Runs one turn of the loop, waiting at most {@code maxWaitSeconds} for I/O: Twisted's {@code
   * reactor.iterate}, for tests that drive a reactor they do not {@link #run}.
   */
  public void iterate(double maxWaitSeconds) {
    loop.iterate(maxWaitSeconds);
  }

  /**
   * Releases a reactor that was never run, or that {@link #iterate} drove: closes its ports and
   * connections, drops its delayed calls, closes its selector. {@link #run} does this itself on
   * the way out, so a reactor that ran needs no close.
   *
   * @throws IllegalStateException while it is running
   */
  @Override
  public void close() {
    loop.close();
    ThreadPool p = pool;
    if (p != null) {
      p.stop();
    }
  }

  /** Sets the default write-buffer water marks of connections made from now on (16/64 KiB). */
  public void setWriteBufferWaterMarks(int lowWater, int highWater) {
    loop.setWriteBufferWaterMarks(lowWater, highWater);
  }

  // ---- time ----

  @Override
  public double seconds() {
    return loop.seconds();
  }

  @Override
  public DelayedCall callLater(double delaySeconds, Runnable fn) {
    return loop.callLater(delaySeconds, fn);
  }

  @Override
  public List<DelayedCall> getDelayedCalls() {
    return loop.pendingCalls();
  }

  // ---- TCP, UDP, Unix ----

  @Override
  public ListeningPort listenTCP(int port, Factory factory, int backlog, String iface) {
    return StreamPort.listenTCP(loop, port, Objects.requireNonNull(factory, "factory"), backlog, iface);
  }

  @Override
  public ListeningPort adoptStreamPort(java.nio.channels.ServerSocketChannel channel, Factory factory) {
    return StreamPort.adopt(loop, Objects.requireNonNull(channel, "channel"), Objects.requireNonNull(factory, "factory"));
  }

  @Override
  public Connector connectTCP(
      String host, int port, ClientFactory factory, double timeoutSeconds, Address bindAddress) {
    return StreamConnector.tcp(loop, host, port, Objects.requireNonNull(factory, "factory"),
        timeoutSeconds, bindAddress);
  }

  @Override
  public UDPPort listenUDP(int port, DatagramProtocol protocol, String iface, int maxPacketSize) {
    return DatagramPort.listen(loop, port, protocol, iface, maxPacketSize, false, false);
  }

  @Override
  public UDPPort listenMulticast(int port, DatagramProtocol protocol, String iface, boolean listenMultiple) {
    return DatagramPort.listen(loop, port, protocol, iface, 8192, true, listenMultiple);
  }

  @Override
  public ListeningPort listenUNIX(String path, Factory factory, int backlog, int mode, boolean wantPID) {
    return StreamPort.listenUNIX(loop, path, Objects.requireNonNull(factory, "factory"), backlog, mode, wantPID);
  }

  @Override
  public Connector connectUNIX(String path, ClientFactory factory, double timeoutSeconds, boolean checkPID) {
    return StreamConnector.unix(loop, path, Objects.requireNonNull(factory, "factory"), timeoutSeconds, checkPID);
  }

  // ---- processes and threads ----

  @Override
  public ProcessTransport spawnProcess(
      ProcessProtocol protocol, String executable, List<String> args, Map<String, String> env, String path) {
    return ProcessSpawner.spawn(this, protocol, executable, args, env, path);
  }

  @Override
  public ThreadPool getThreadPool() {
    ThreadPool p = pool;
    if (p != null) {
      return p; // the common case takes no lock
    }
    synchronized (this) {
      if (pool == null) {
        ThreadPool made = new ThreadPool(0, poolMax, "torsion-reactor-pool");
        made.start();
        pool = made;
      }
      return pool;
    }
  }

  @Override
  public void callInThread(Runnable fn) {
    getThreadPool().callInThread(fn);
  }

  /**
   * Sets the thread pool's maximum size. A suggestion, as in Twisted: 0 is taken as 1, since a
   * pool without threads would queue {@code callInThread} work forever; negative sizes are
   * refused.
   */
  @Override
  public synchronized void suggestThreadPoolSize(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("thread pool size must be >= 0; got " + size);
    }
    size = Math.max(1, size);
    poolMax = size;
    ThreadPool p = pool;
    if (p != null) {
      p.adjustPoolsize(Math.min(p.getMin(), size), size);
    }
  }

  @Override
  public Resolver getResolver() {
    return resolver;
  }

  @Override
  public Resolver installResolver(Resolver resolver) {
    Resolver old = this.resolver;
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    return old;
  }

  // ---- ReactorIntrospection, for trial ----

  @Override
  public List<DelayedCall> pendingDelayedCalls() {
    return loop.pendingCalls();
  }

  @Override
  public List<String> openPorts() {
    return loop.describe(true);
  }

  @Override
  public List<String> openConnections() {
    return loop.describe(false);
  }

  @Override
  public int busyThreads() {
    ThreadPool p = pool;
    return p == null ? 0 : p.busyCount();
  }

  @Override
  public void cleanUp() {
    loop.cancelAllTimers();
    loop.disconnectAll(Failure.of(new ConnectionAborted("cleaned up after a test")));
  }

  /** The loop behind this reactor; for {@link ReactorGroup}. */
  EventLoop loop() {
    return loop;
  }

  @Override
  public String toString() {
    return "<NioReactor " + (isRunning() ? "running" : "not running") + ">";
  }
}
