package dev.torsion.application;

import dev.torsion.application.internal.WatchedProtocol;
import dev.torsion.application.internal.WatchingFactory;
import dev.torsion.internet.Address;
import dev.torsion.internet.CannotListenError;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.GracefulClose;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.IPv6Address;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.ReactorGroup;
import dev.torsion.internet.UNIXAddress;
import dev.torsion.internet.endpoints.ServerEndpoint;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service that listens on a server endpoint while it runs: Twisted's {@code
 * StreamServerEndpointService}, usually made with {@link Strports#service}.
 *
 * <p>Starting it listens; its start Deferred fires once the port is bound, or fails with a
 * {@link CannotListenError} that names the endpoint ("cannot listen on tcp:8007: address already
 * in use"). Stopping it stops accepting at once, then waits for the connections it accepted to
 * close, which is what a graceful shutdown needs: the runner bounds that wait with its shutdown
 * timeout, after which the reactor closes whatever is left. ({@link #stopListening} alone is
 * Twisted's stop, which leaves connections alone.) While it waits, each connection whose
 * protocol is a {@link GracefulClose} (an HTTP connection of a {@code Site}) is asked to close
 * once idle, so a keep-alive client is not held until the timeout; the connections still waiting
 * in the kernel's accept queue when listening stops are accepted first, so that none is reset
 * (docs/design/graceful-shutdown.md).
 *
 * <pre>{@code
 * ServerEndpoint endpoint = Endpoints.serverFromString(reactor, "tcp:8080:interface=127.0.0.1");
 * new StreamServerEndpointService(endpoint, factory, "tcp:8080").setServiceParent(application);
 * }</pre>
 *
 * <p>Threads: the service is started and stopped on one reactor thread, but its connections may
 * live on others when it listens through a {@link ReactorGroup#asListeningReactor() group}; it
 * counts them with thread-safe structures, and, given the reactor (as {@link Strports} does),
 * fires its stop Deferred back on the thread that stopped it. The factory is then shared by
 * every reactor of the group and must be thread-safe.
 */
public class StreamServerEndpointService extends Service {
  private static final Logger LOG = LoggerFactory.getLogger(StreamServerEndpointService.class);

  private final ServerEndpoint endpoint;
  private final Factory factory;
  private final String description;
  private final Reactor reactor; // null: everything happens on one thread
  /** Each open connection, with the thread (and reactor) it lives on. */
  private final Map<WatchedProtocol, Owner> connections = new ConcurrentHashMap<>();
  /** The stop Deferred waiting for the last connection; whoever takes it out fires it. */
  private final AtomicReference<Deferred<Void>> drained = new AtomicReference<>();
  /** Where {@link #drained} must fire: the thread that stopped the service, and its reactor. */
  private volatile Thread stopThread;
  private volatile Reactor stopReactor;
  /** Set once draining starts: every connection, open or made later, is asked to close. */
  private volatile boolean draining;
  private Deferred<ListeningPort> waitingForPort;
  private ListeningPort port;

  private record Owner(Thread thread, Reactor reactor) {}

  /** A service listening on {@code endpoint} with {@code factory}; described in logs by toString. */
  public StreamServerEndpointService(ServerEndpoint endpoint, Factory factory) {
    this(endpoint, factory, String.valueOf(endpoint));
  }

  /** As above, with the description (such as "tcp:8080") used in log lines and errors. */
  public StreamServerEndpointService(ServerEndpoint endpoint, Factory factory, String description) {
    this(endpoint, factory, description, null);
  }

  /**
   * As above, with the reactor (or {@link ReactorGroup#asListeningReactor() group}) the endpoint
   * listens on: connections on other threads of a group then report back through it.
   */
  public StreamServerEndpointService(
      ServerEndpoint endpoint, Factory factory, String description, Reactor reactor) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.factory = Objects.requireNonNull(factory, "factory");
    this.description = Objects.requireNonNull(description, "description");
    this.reactor = reactor;
  }

  /** The factory building each connection's protocol. */
  public Factory getFactory() {
    return factory;
  }

  /** The listening port while listening, else null. */
  public ListeningPort getPort() {
    return port;
  }

  /** How many accepted connections are open. */
  public int connectionCount() {
    return connections.size();
  }

  @Override
  public Deferred<Void> startService() {
    super.startService();
    draining = false;
    Deferred<ListeningPort> listening = endpoint.listen(new Tracker());
    waitingForPort = listening;
    Deferred<Void> started = new Deferred<>();
    listening.addCallbacks(
        p -> {
          waitingForPort = null;
          port = p;
          LOG.info("{} listening on {} ({})", label(this, factory.logPrefix()), description,
              address(p.getHost()));
          started.callback(null);
          return null;
        },
        f -> {
          waitingForPort = null;
          started.errback(cannotListen(f));
          return null;
        });
    return started;
  }

  private CannotListenError cannotListen(Failure f) {
    Throwable t = f.value();
    String reason = f.getErrorMessage();
    if (t instanceof CannotListenError) {
      // "0.0.0.0:8007: address already in use": the endpoint's own words say where; we say what.
      int colon = reason.indexOf(": ");
      if (colon >= 0) {
        reason = reason.substring(colon + 2);
      }
    }
    if (t.getCause() instanceof FileSystemException) {
      // A unix: socket in a missing directory: the JDK's message is the bare path.
      FileSystemException fs = (FileSystemException) t.getCause();
      String why = fs instanceof NoSuchFileException ? "no such file or directory"
          : fs instanceof AccessDeniedException ? "permission denied"
          : fs.getReason() != null ? fs.getReason() : fs.getClass().getSimpleName();
      reason = why + ": " + fs.getFile();
    }
    return new CannotListenError("cannot listen on " + description + ": " + reason, t);
  }

  /** Stops accepting connections, leaving the accepted ones open; fires once the port is closed. */
  public Deferred<Void> stopListening() {
    if (waitingForPort != null) {
      Deferred<ListeningPort> w = waitingForPort;
      waitingForPort = null;
      w.cancel();
    }
    ListeningPort p = port;
    port = null;
    if (p == null) {
      return Deferred.succeed(null);
    }
    return p.stopListening();
  }

  /** Stops accepting, then fires once every accepted connection has closed. */
  @Override
  public Deferred<Void> stopService() {
    super.stopService();
    return stopListening().addDeferredCallback(ignored -> whenDrained());
  }

  private Deferred<Void> whenDrained() {
    draining = true;
    // Set before looking: a connection made from now on (handed to another reactor of a group
    // before the port closed) asks itself in made().
    forEachConnection(WatchedProtocol::closeGracefully);
    if (connections.isEmpty()) {
      return Deferred.succeed(null);
    }
    LOG.info("{} on {}: waiting for {} open connection(s) to finish",
        label(this, factory.logPrefix()), description, connections.size());
    Deferred<Void> d = drained.get();
    if (d != null) {
      return d;
    }
    d = new Deferred<>();
    stopThread = Thread.currentThread();
    stopReactor = reactor == null ? null : ReactorGroup.pinned(reactor);
    drained.set(d);
    // The last connection may have gone between the check above and the set: look again.
    if (connections.isEmpty() && drained.compareAndSet(d, null)) {
      d.callback(null);
    }
    return d;
  }

  /** On the connection's thread, when one closes: the last one fires the stop Deferred. */
  private void lost(WatchedProtocol p) {
    connections.remove(p);
    if (!connections.isEmpty()) {
      return;
    }
    Deferred<Void> d = drained.getAndSet(null);
    if (d == null) {
      return;
    }
    Reactor home = stopReactor;
    if (home == null || Thread.currentThread() == stopThread) {
      d.callback(null);
    } else {
      home.callFromThread(() -> d.callback(null)); // Deferreds belong to one thread
    }
  }

  /** Closes every accepted connection at once (each on its own reactor's thread). */
  public void abortConnections() {
    forEachConnection(p -> p.getTransport().abortConnection());
  }

  /** Runs {@code action} for each open connection on that connection's own thread. */
  private void forEachConnection(java.util.function.Consumer<WatchedProtocol> action) {
    Thread self = Thread.currentThread();
    for (Map.Entry<WatchedProtocol, Owner> e : connections.entrySet()) {
      WatchedProtocol p = e.getKey();
      Owner owner = e.getValue();
      if (owner.thread() == self || owner.reactor() == null) {
        action.accept(p);
      } else {
        owner.reactor().callFromThread(() -> action.accept(p));
      }
    }
  }

  /**
   * Who is listening, as the user named it: this service's name, else the nearest named parent's
   * (an Application "echo"), else {@code fallback} (the factory's
   * {@link Factory#logPrefix()}, such as "Site").
   */
  static String label(Service service, String fallback) {
    for (Service s = service; s != null; s = s.getParent()) {
      if (s.getName() != null && !s.getName().isEmpty()) {
        return s.getName();
      }
    }
    return fallback;
  }

  /** "127.0.0.1:8007", "[::1]:8007" or "/run/app.sock": where a port really is. */
  static String address(Address a) {
    if (a instanceof IPv4Address) {
      IPv4Address v4 = (IPv4Address) a;
      return v4.host() + ":" + v4.port();
    }
    if (a instanceof IPv6Address) {
      IPv6Address v6 = (IPv6Address) a;
      return "[" + v6.host() + "]:" + v6.port();
    }
    if (a instanceof UNIXAddress) {
      return ((UNIXAddress) a).name();
    }
    return String.valueOf(a);
  }

  @Override
  public String toString() {
    return "StreamServerEndpointService(" + description + ")";
  }

  /** On the connection's thread: remember where it lives, to abort it from elsewhere. */
  private void made(WatchedProtocol p) {
    Reactor home = reactor == null ? null : ReactorGroup.pinned(reactor);
    connections.put(p, new Owner(Thread.currentThread(), home));
    if (draining) {
      p.closeGracefully(); // passed on once its protocol is made
    }
  }

  /** Wraps the user's factory so the service sees each connection come and go. */
  private final class Tracker extends WatchingFactory {
    Tracker() {
      super(factory, StreamServerEndpointService.this::made, StreamServerEndpointService.this::lost);
    }

    @Override
    public String toString() {
      return description;
    }

    /** The port's own log lines ("echo starting on 0.0.0.0:8007") name what the user knows. */
    @Override
    public String logPrefix() {
      return label(StreamServerEndpointService.this, factory.logPrefix());
    }
  }
}
