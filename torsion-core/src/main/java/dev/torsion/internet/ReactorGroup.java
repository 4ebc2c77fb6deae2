package dev.torsion.internet;

import dev.torsion.internet.internal.StreamConnection;
import dev.torsion.internet.internal.StreamPort;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Several {@link NioReactor}s, one per thread, sharing the work of a server: beyond Twisted, for
 * using many cores. A port opened with {@link #listenTCP} accepts on the first reactor (the
 * acceptor, also the group's default reactor) and hands each new connection to the next reactor
 * in turn, where it lives until it closes. So each protocol instance still runs on exactly one
 * thread and needs no locks, as under Twisted.
 *
 * <pre>{@code
 * ReactorGroup group = new ReactorGroup(Runtime.getRuntime().availableProcessors());
 * group.listenTCP(8080, () -> new HttpFactory(), 1024, "");   // one factory per reactor
 * group.acceptor().installSignalHandlers();
 * group.run();   // until the acceptor is stopped; the others stop with it
 * }</pre>
 *
 * <p>A {@link Factory} passed as one object is shared by every reactor: its {@code
 * buildProtocol} runs on each worker's thread, so it (and any state its protocols share) must be
 * thread-safe. The {@code Supplier<Factory>} overload builds one factory per reactor instead,
 * each used only on its own reactor's thread.
 *
 * <p>Threads: call {@code listenTCP} before {@link #run}/{@link #start} or on the acceptor's
 * thread; {@link #stop} may be called from anywhere. Stopping the acceptor (for instance by a
 * signal) stops the whole group: its ports close first, then the workers stop.
 */
public final class ReactorGroup {
  private final List<NioReactor> reactors;
  private final List<Thread> threads = new ArrayList<>();
  private int next;

  /** A group of {@code size} reactors; none runs until {@link #run} or {@link #start}. */
  public ReactorGroup(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("a group needs at least one reactor, got " + size);
    }
    List<NioReactor> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(new NioReactor());
    }
    reactors = Collections.unmodifiableList(list);
    acceptor().addSystemEventTrigger(Reactor.Phase.AFTER, "shutdown", () -> {
      for (int i = 1; i < reactors.size(); i++) {
        NioReactor w = reactors.get(i);
        w.callFromThread(() -> {
          if (w.isRunning() && !w.loop().isStopping()) {
            w.stop();
          }
        });
      }
      return null;
    });
  }

  /** How many reactors the group has. */
  public int size() {
    return reactors.size();
  }

  /** The reactors, the acceptor first. */
  public List<NioReactor> reactors() {
    return reactors;
  }

  /** The first reactor: it accepts connections, and its stop stops the group. */
  public NioReactor acceptor() {
    return reactors.get(0);
  }

  /**
   * Listens on TCP and spreads connections over the reactors; {@code factory} is shared by all of
   * them and must be thread-safe.
   */
  public ListeningPort listenTCP(int port, Factory factory, int backlog, String iface) {
    Objects.requireNonNull(factory, "factory");
    Factory[] factories = new Factory[reactors.size()];
    java.util.Arrays.fill(factories, factory);
    factory.doStart();
    return listen(port, backlog, iface, factories, factory::doStop);
  }

  /** Listens on TCP and spreads connections over the reactors, with one factory per reactor. */
  public ListeningPort listenTCP(int port, Supplier<? extends Factory> factories, int backlog, String iface) {
    Objects.requireNonNull(factories, "factories");
    Factory[] each = new Factory[reactors.size()];
    for (int i = 0; i < each.length; i++) {
      each[i] = Objects.requireNonNull(factories.get(), "the supplier gave a null factory");
      onReactor(i, each[i]::doStart);
    }
    return listen(port, backlog, iface, each, () -> {
      for (int i = 0; i < each.length; i++) {
        onReactor(i, each[i]::doStop);
      }
    });
  }

  private ListeningPort listen(int port, int backlog, String iface, Factory[] factories, Runnable onClose) {
    ServerSocketChannel ch = StreamPort.bindTCP(port, backlog, iface);
    return StreamPort.adoptTCP(acceptor().loop(), ch, accepted -> dispatch(accepted, factories), onClose);
  }

  /** On the acceptor's thread: the next reactor in turn takes the connection for its life. */
  private void dispatch(SocketChannel ch, Factory[] factories) {
    int i = next;
    next = (next + 1) % reactors.size();
    NioReactor worker = reactors.get(i);
    Factory f = factories[i];
    if (i == 0) {
      StreamConnection.accepted(worker.loop(), ch, f, false);
    } else {
      worker.callFromThread(() -> StreamConnection.accepted(worker.loop(), ch, f, false));
    }
  }

  private void onReactor(int i, Runnable fn) {
    if (i == 0) {
      fn.run();
    } else {
      reactors.get(i).callFromThread(fn);
    }
  }

  /**
   * Runs the group: the workers on new threads, the acceptor on this one; returns once the
   * acceptor has stopped and every worker has ended.
   */
  public void run() {
    startWorkers();
    try {
      acceptor().run();
    } finally {
      join();
    }
  }

  /** Starts every reactor, the acceptor included, on its own thread, and returns. */
  public synchronized void start() {
    startWorkers();
    threads.add(startThread(acceptor(), "torsion-reactor-0"));
  }

  private synchronized void startWorkers() {
    if (!threads.isEmpty()) {
      throw new IllegalStateException("the group has already been started");
    }
    for (int i = 1; i < reactors.size(); i++) {
      threads.add(startThread(reactors.get(i), "torsion-reactor-" + i));
    }
  }

  private static Thread startThread(NioReactor r, String name) {
    Thread t = new Thread(r::run, name);
    t.start();
    return t;
  }

  /**
   * Stops the group from any thread: the acceptor shuts down (ports, then connections), then the
   * workers. Called from a thread outside the group, waits up to 30 seconds for all to end.
   */
  public void stop() {
    NioReactor a = acceptor();
    a.callFromThread(() -> {
      if (a.isRunning() && !a.loop().isStopping()) {
        a.stop();
      }
    });
    if (!isGroupThread()) {
      join();
    }
  }

  private boolean isGroupThread() {
    for (NioReactor r : reactors) {
      if (r.loop().isInLoopThread()) {
        return true;
      }
    }
    return false;
  }

  private void join() {
    List<Thread> toJoin;
    synchronized (this) {
      toJoin = new ArrayList<>(threads);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (Thread t : toJoin) {
      if (t == Thread.currentThread()) {
        continue;
      }
      try {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
