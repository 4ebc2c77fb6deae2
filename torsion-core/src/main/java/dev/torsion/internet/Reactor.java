package dev.torsion.internet;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The event loop: timers, network I/O, threads and processes, all dispatched on one thread.
 * Twisted's reactor, with its interfaces ({@code IReactorCore}, {@code IReactorTime}, {@code
 * IReactorTCP}, {@code IReactorUDP}, {@code IReactorUNIX}, {@code IReactorThreads}, {@code
 * IReactorProcess}) folded into one type.
 *
 * <p>Every method except {@link #callFromThread} is for the reactor's own thread (or for setting
 * up before {@link #run}). Code on other threads hands work to the reactor with {@code
 * callFromThread}.
 *
 * <pre>{@code
 * Reactor reactor = Reactor.global();
 * reactor.listenTCP(8007, Factory.forProtocol(Echo::new));
 * reactor.run();
 * }</pre>
 */
public interface Reactor extends ReactorTime {
  /** The phases of a system event such as "shutdown", in the order their triggers run. */
  enum Phase {
    BEFORE,
    DURING,
    AFTER
  }

  /** The process-wide default reactor, made on first use: Twisted's {@code twisted.internet.reactor}. */
  static Reactor global() {
    return dev.torsion.internet.internal.GlobalReactor.get();
  }

  /** Runs the loop on the calling thread until {@link #stop} and its shutdown triggers finish. */
  void run();

  /** Starts shutting down: runs "shutdown" triggers, closes ports, then ends {@link #run}. */
  void stop();

  /** True while {@link #run} is looping. */
  boolean isRunning();

  /** Runs {@code fn} once the reactor is running (at once, on the next turn, if it already is). */
  void callWhenRunning(Runnable fn);

  /**
   * Runs {@code fn} on the reactor thread as soon as possible, waking the loop. The one method
   * that is safe to call from any thread.
   */
  void callFromThread(Runnable fn);

  /**
   * Adds a trigger for a system event ("startup" or "shutdown") in a phase. A BEFORE trigger that
   * returns a Deferred holds the event until that Deferred fires. Returns an id for {@link
   * #removeSystemEventTrigger}.
   */
  Object addSystemEventTrigger(Phase phase, String eventType, Callable<?> fn);

  /** Removes a trigger added by {@link #addSystemEventTrigger}. */
  void removeSystemEventTrigger(Object triggerId);

  /**
   * Listens for TCP connections on all interfaces, with the system's largest backlog (Linux's
   * somaxconn, as Netty; Twisted uses 50, which a burst of clients overflows).
   */
  default ListeningPort listenTCP(int port, Factory factory) {
    return listenTCP(port, factory, dev.torsion.internet.internal.Backlog.DEFAULT, "");
  }

  /**
   * Listens for TCP connections; port 0 picks a free port. {@code iface} is the address to bind,
   * "" for all. Throws {@link CannotListenError} naming the address when it cannot.
   */
  ListeningPort listenTCP(int port, Factory factory, int backlog, String iface);

  /**
   * Listens with a socket that is already bound and listening: one bound with options {@code
   * listenTCP} does not set (SO_REUSEPORT), or one inherited from a service manager (systemd's
   * socket activation, {@code System.inheritedChannel()}). Twisted's {@code adoptStreamPort}. The
   * port owns the channel from here on and closes it when it stops listening.
   *
   * <pre>{@code
   * ServerSocketChannel ch = (ServerSocketChannel) System.inheritedChannel();
   * reactor.adoptStreamPort(ch, Factory.forProtocol(Echo::new));
   * }</pre>
   */
  default ListeningPort adoptStreamPort(java.nio.channels.ServerSocketChannel channel, Factory factory) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot adopt a listening socket");
  }

  /** Connects over TCP with a 30-second timeout. */
  default Connector connectTCP(String host, int port, ClientFactory factory) {
    return connectTCP(host, port, factory, 30, null);
  }

  /**
   * Connects over TCP. {@code host} may be a name, resolved without blocking. {@code bindAddress}
   * is null or a local address to bind first.
   */
  Connector connectTCP(
      String host, int port, ClientFactory factory, double timeoutSeconds, Address bindAddress);

  /** Listens for datagrams on all interfaces. */
  default UDPPort listenUDP(int port, DatagramProtocol protocol) {
    return listenUDP(port, protocol, "", 8192);
  }

  /** Listens for datagrams; {@code maxPacketSize} bounds what one read may return. */
  UDPPort listenUDP(int port, DatagramProtocol protocol, String iface, int maxPacketSize);

  /** Listens for datagrams with multicast support (address reuse allowed, as Twisted). */
  UDPPort listenMulticast(int port, DatagramProtocol protocol, String iface, boolean listenMultiple);

  /** Listens on a Unix domain socket at {@code path}, file mode 0666 before umask. */
  default ListeningPort listenUNIX(String path, Factory factory) {
    return listenUNIX(path, factory, dev.torsion.internet.internal.Backlog.DEFAULT, 0666, false);
  }

  /**
   * Listens on a Unix domain socket. A stale socket file left by a dead process is replaced; with
   * {@code wantPID}, a {@code path.lock} file holding our PID guards against a live one.
   */
  ListeningPort listenUNIX(String path, Factory factory, int backlog, int mode, boolean wantPID);

  /** Connects to a Unix domain socket with a 30-second timeout. */
  default Connector connectUNIX(String path, ClientFactory factory) {
    return connectUNIX(path, factory, 30, false);
  }

  /** Connects to a Unix domain socket; with {@code checkPID}, refuses if its lock file is stale. */
  Connector connectUNIX(String path, ClientFactory factory, double timeoutSeconds, boolean checkPID);

  /**
   * Starts a child process. {@code args} includes the program name as its first element, as in
   * Twisted; {@code env} null inherits ours; {@code path} null keeps our working directory.
   */
  ProcessTransport spawnProcess(
      ProcessProtocol protocol,
      String executable,
      List<String> args,
      Map<String, String> env,
      String path);

  /**
   * The thread pool behind {@link #callInThread}, started on first use and stopped (joined) after
   * the reactor's shutdown.
   */
  default ThreadPool getThreadPool() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no thread pool");
  }

  /** Runs {@code fn} on the reactor's thread pool. */
  void callInThread(Runnable fn);

  /** Sets the thread pool's maximum size. */
  void suggestThreadPoolSize(int size);

  /** The resolver used for host names; by default the JDK's lookup on the thread pool. */
  Resolver getResolver();

  /** Replaces the resolver; returns the old one. */
  Resolver installResolver(Resolver resolver);
}
