package dev.torsion.internet;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A {@link ReactorGroup} seen as one {@link Reactor}: what {@link ReactorGroup#asListeningReactor}
 * returns. Listening spreads connections; thread-bound calls go to the calling thread's reactor;
 * the life cycle is the acceptor's. See {@code asListeningReactor} for the rules.
 *
 * <pre>{@code
 * Reactor reactor = new ReactorGroup(2).asListeningReactor();
 * reactor.listenTCP(8007, Factory.forProtocol(Echo::new));   // connections on two threads
 * reactor.run();
 * }</pre>
 */
final class ReactorGroupView implements Reactor {
  private final ReactorGroup group;

  ReactorGroupView(ReactorGroup group) {
    this.group = group;
  }

  /** The reactor of the calling thread; the acceptor from any thread outside the group. */
  NioReactor current() {
    return group.current();
  }

  /** True when the calling thread may listen through the acceptor: setup code or the acceptor. */
  private boolean acceptorSide() {
    NioReactor r = group.current();
    return r == group.acceptor();
  }

  // ---- life cycle: the acceptor's ----

  @Override
  public void run() {
    group.run();
  }

  /** Stops the acceptor, and with it the group; from another thread, through its queue. */
  @Override
  public void stop() {
    group.acceptor().stop();
  }

  @Override
  public boolean isRunning() {
    return group.acceptor().isRunning();
  }

  @Override
  public void callWhenRunning(Runnable fn) {
    group.acceptor().callWhenRunning(fn);
  }

  @Override
  public Object addSystemEventTrigger(Phase phase, String eventType, Callable<?> fn) {
    return group.acceptor().addSystemEventTrigger(phase, eventType, fn);
  }

  @Override
  public void removeSystemEventTrigger(Object triggerId) {
    group.acceptor().removeSystemEventTrigger(triggerId);
  }

  // ---- thread-bound: the calling thread's reactor ----

  @Override
  public void callFromThread(Runnable fn) {
    current().callFromThread(fn);
  }

  @Override
  public double seconds() {
    return current().seconds();
  }

  @Override
  public DelayedCall callLater(double delaySeconds, Runnable fn) {
    return current().callLater(delaySeconds, fn);
  }

  @Override
  public List<DelayedCall> getDelayedCalls() {
    return current().getDelayedCalls();
  }

  @Override
  public Connector connectTCP(
      String host, int port, ClientFactory factory, double timeoutSeconds, Address bindAddress) {
    return current().connectTCP(host, port, factory, timeoutSeconds, bindAddress);
  }

  @Override
  public Connector connectUNIX(String path, ClientFactory factory, double timeoutSeconds, boolean checkPID) {
    return current().connectUNIX(path, factory, timeoutSeconds, checkPID);
  }

  @Override
  public UDPPort listenUDP(int port, DatagramProtocol protocol, String iface, int maxPacketSize) {
    return current().listenUDP(port, protocol, iface, maxPacketSize);
  }

  @Override
  public UDPPort listenMulticast(int port, DatagramProtocol protocol, String iface, boolean listenMultiple) {
    return current().listenMulticast(port, protocol, iface, listenMultiple);
  }

  @Override
  public ProcessTransport spawnProcess(
      ProcessProtocol protocol, String executable, List<String> args, Map<String, String> env, String path) {
    return current().spawnProcess(protocol, executable, args, env, path);
  }

  @Override
  public ThreadPool getThreadPool() {
    return current().getThreadPool();
  }

  @Override
  public void callInThread(Runnable fn) {
    group.callInThread(current(), fn);
  }

  @Override
  public void suggestThreadPoolSize(int size) {
    for (NioReactor r : group.reactors()) {
      r.suggestThreadPoolSize(size);
    }
  }

  @Override
  public Resolver getResolver() {
    return current().getResolver();
  }

  /** Installs {@code resolver} on every reactor of the group; returns the acceptor's old one. */
  @Override
  public Resolver installResolver(Resolver resolver) {
    Objects.requireNonNull(resolver, "resolver");
    Resolver old = group.acceptor().getResolver();
    for (NioReactor r : group.reactors()) {
      r.installResolver(resolver);
    }
    return old;
  }

  // ---- listening: spread over the group ----

  @Override
  public ListeningPort listenTCP(int port, Factory factory, int backlog, String iface) {
    if (!acceptorSide()) {
      return current().listenTCP(port, factory, backlog, iface);
    }
    return group.listenTCP(port, factory, backlog, iface);
  }

  @Override
  public ListeningPort adoptStreamPort(java.nio.channels.ServerSocketChannel channel, Factory factory) {
    if (!acceptorSide()) {
      return current().adoptStreamPort(channel, factory);
    }
    return group.adoptStreamPort(channel, factory);
  }

  @Override
  public ListeningPort listenUNIX(String path, Factory factory, int backlog, int mode, boolean wantPID) {
    if (!acceptorSide()) {
      return current().listenUNIX(path, factory, backlog, mode, wantPID);
    }
    return group.listenUNIX(path, factory, backlog, mode, wantPID);
  }

  @Override
  public String toString() {
    return "<ReactorGroup of " + group.size() + " reactors>";
  }
}
