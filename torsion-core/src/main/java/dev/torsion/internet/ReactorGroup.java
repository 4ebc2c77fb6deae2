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
 *
 * <p>Code written for one {@link Reactor} (endpoints, services, {@code ./torsion} plugins) uses
 * the group through {@link #asListeningReactor()}: a Reactor whose listening ports spread their
 * connections, and whose other calls go to the reactor of the calling thread.
 */
public final class ReactorGroup {
  private final List<NioReactor> reactors;
  private final List<Thread> threads = new ArrayList<>();
  /** On a pool thread running work handed over through the view: the reactor that handed it. */
  private final ThreadLocal<NioReactor> handedBy = new ThreadLocal<>();
  private final Reactor view = new ReactorGroupView(this);
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

  /**
   * Listens with an already bound TCP socket (as {@link Reactor#adoptStreamPort}) and spreads
   * connections over the reactors; {@code factory} is shared by all of them and must be
   * thread-safe.
   */
  public ListeningPort adoptStreamPort(ServerSocketChannel channel, Factory factory) {
    Objects.requireNonNull(factory, "factory");
    Factory[] factories = new Factory[reactors.size()];
    java.util.Arrays.fill(factories, factory);
    boolean unix;
    try {
      unix = channel.getLocalAddress() instanceof java.net.UnixDomainSocketAddress;
    } catch (java.io.IOException e) {
      throw new CannotListenError("cannot listen on an adopted socket: " + e.getMessage(), e);
    }
    factory.doStart();
    try {
      return StreamPort.adoptTCP(acceptor().loop(), channel, accepted -> dispatch(accepted, factories, unix), factory::doStop);
    } catch (RuntimeException e) {
      factory.doStop();
      throw e;
    }
  }

  private ListeningPort listen(int port, int backlog, String iface, Factory[] factories, Runnable onClose) {
    ServerSocketChannel ch = StreamPort.bindTCP(port, backlog, iface);
    return StreamPort.adoptTCP(acceptor().loop(), ch, accepted -> dispatch(accepted, factories, false), onClose);
  }

  /**
   * Listens on a Unix domain socket (as {@link Reactor#listenUNIX}) and spreads connections over
   * the reactors; {@code factory} is shared by all of them and must be thread-safe.
   */
  public ListeningPort listenUNIX(String path, Factory factory, int backlog, int mode, boolean wantPID) {
    Objects.requireNonNull(factory, "factory");
    Factory[] factories = new Factory[reactors.size()];
    java.util.Arrays.fill(factories, factory);
    ListeningPort p = StreamPort.listenUNIX(acceptor().loop(), path,
        accepted -> dispatch(accepted, factories, true), factory::doStop, backlog, mode, wantPID);
    factory.doStart();
    return p;
  }

  /** On the acceptor's thread: the next reactor in turn takes the connection for its life. */
  private void dispatch(SocketChannel ch, Factory[] factories, boolean unix) {
    int i = next;
    next = (next + 1) % reactors.size();
    NioReactor worker = reactors.get(i);
    Factory f = factories[i];
    if (i == 0) {
      StreamConnection.accepted(worker.loop(), ch, f, unix);
    } else {
      worker.callFromThread(() -> StreamConnection.accepted(worker.loop(), ch, f, unix));
    }
  }

  /**
   * The group as one {@link Reactor}, for code written against a single reactor: endpoints,
   * {@link dev.torsion.application.Strports}, the runner's plugins.
   *
   * <pre>{@code
   * ReactorGroup group = new ReactorGroup(4);
   * Reactor reactor = group.asListeningReactor();
   * Strports.service("tcp:8080", site, reactor).setServiceParent(app);  // spread over 4 threads
   * reactor.run();                                                      // runs the whole group
   * }</pre>
   *
   * <ul>
   *   <li>{@code listenTCP} and {@code listenUNIX}, called before the group runs or on the
   *       acceptor's thread, accept on the acceptor and spread connections as {@link #listenTCP}
   *       does; the factory is shared and must be thread-safe. Called on a worker's thread, they
   *       listen on that worker alone.
   *   <li>Everything thread-bound ({@code callLater}, {@code connectTCP}, {@code listenUDP},
   *       {@code callInThread}, {@code getResolver}, {@code spawnProcess}...) goes to the reactor
   *       whose thread makes the call: a protocol on reactor 2 that calls {@code
   *       reactor.callLater} gets a timer on reactor 2, and its outgoing connections live there
   *       too. From any other thread (setup code, signal handlers), the acceptor. {@code
   *       callFromThread} from a pool thread running work given to {@code callInThread} goes back
   *       to the reactor that gave it, so {@code Threads.deferToThread} works unchanged.
   *   <li>The life cycle ({@code run}, {@code stop}, {@code isRunning}, {@code callWhenRunning},
   *       system event triggers) is the acceptor's, whose stop stops the group.
   * </ul>
   *
   * <p>Work given to some other thread (an executor of your own) that must come back to the
   * protocol's reactor should capture {@link #pinned} of the view first.
   */
  public Reactor asListeningReactor() {
    return view;
  }

  /**
   * The one reactor behind {@code reactor} for the calling thread: for a group's {@link
   * #asListeningReactor() view}, the group's reactor this thread runs (or reactor 0 elsewhere);
   * any other reactor is returned as it is. Capture it on a reactor thread to call back to that
   * same thread later from another one.
   *
   * <pre>{@code
   * Reactor home = ReactorGroup.pinned(reactor);          // in connectionMade, say
   * executor.execute(() -> home.callFromThread(this::done));
   * }</pre>
   */
  public static Reactor pinned(Reactor reactor) {
    return reactor instanceof ReactorGroupView ? ((ReactorGroupView) reactor).current() : reactor;
  }

  /** The reactor of the calling thread (its loop, or the pool work it handed over), else the acceptor. */
  NioReactor current() {
    for (NioReactor r : reactors) {
      if (r.loop().isInLoopThread()) {
        return r;
      }
    }
    NioReactor handed = handedBy.get();
    return handed != null ? handed : acceptor();
  }

  /** Runs {@code fn} on {@code r}'s pool, remembering there that {@code r} handed it over. */
  void callInThread(NioReactor r, Runnable fn) {
    Objects.requireNonNull(fn, "fn");
    r.callInThread(() -> {
      NioReactor outer = handedBy.get();
      handedBy.set(r);
      try {
        fn.run();
      } finally {
        if (outer == null) {
          handedBy.remove();
        } else {
          handedBy.set(outer);
        }
      }
    });
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
