package dev.torsion.trial;

import dev.torsion.internet.Address;
import dev.torsion.internet.ClientFactory;
import dev.torsion.internet.DNSLookupError;
import dev.torsion.internet.DatagramProtocol;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Factory;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.Connector;
import dev.torsion.internet.ProcessProtocol;
import dev.torsion.internet.ProcessTransport;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.Resolver;
import dev.torsion.internet.UDPPort;
import dev.torsion.internet.task.Clock;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A {@link Reactor} that does no I/O: it records every listen and connect call so that a test
 * can drive the factory by hand, and takes its time from a {@link Clock} the test advances.
 * Twisted's {@code MemoryReactorClock}.
 *
 * <p>The recorded calls are public lists of small records holding the arguments ({@link
 * #tcpServers}, {@link #tcpClients}, {@link #udpPorts}, {@link #unixServers}, {@link
 * #unixClients}, {@link #processes}). {@link #run} does not block: it marks the reactor running
 * and runs the {@code callWhenRunning} calls; {@code callFromThread} and {@code callInThread}
 * queue onto the Clock, to run at the next {@link #advance}. Single-threaded, like the Clock.
 *
 * <pre>{@code
 * MemoryReactor reactor = new MemoryReactor();
 * new PingClient(reactor).connect("example.com", 7);
 * MemoryReactor.TcpClient call = reactor.tcpClients.get(0);
 * assertThat(call.port()).isEqualTo(7);
 * StringTransport transport = new StringTransport();
 * Protocol proto = call.connect(transport);        // builds and connects the client protocol
 * assertThat(transport.valueString()).isEqualTo("PING\r\n");
 * reactor.advance(30);                             // fire its timeouts
 * }</pre>
 */
public final class MemoryReactor implements Reactor {
  /** A {@code listenTCP} call. */
  public record TcpServer(int port, Factory factory, int backlog, String iface, FakePort listeningPort) {
    /** Builds the server protocol for a connection arriving on {@code transport} and connects it. */
    public dev.torsion.internet.Protocol connect(dev.torsion.internet.Transport transport) {
      return MemoryReactor.connect(factory, transport);
    }
  }

  /** A {@code connectTCP} call. */
  public record TcpClient(
      String host,
      int port,
      ClientFactory factory,
      double timeoutSeconds,
      Address bindAddress,
      FakeConnector connector) {
    /** Builds the client protocol for {@code transport} and connects it, as a finished connect would. */
    public dev.torsion.internet.Protocol connect(dev.torsion.internet.Transport transport) {
      return MemoryReactor.connect(factory, transport);
    }
  }

  /** A {@code listenUDP} or {@code listenMulticast} call. */
  public record UdpListen(
      int port, DatagramProtocol protocol, String iface, int maxPacketSize, boolean multicast) {}

  /** A {@code listenUNIX} call. */
  public record UnixServer(
      String path, Factory factory, int backlog, int mode, boolean wantPID, FakePort listeningPort) {
    public dev.torsion.internet.Protocol connect(dev.torsion.internet.Transport transport) {
      return MemoryReactor.connect(factory, transport);
    }
  }

  /** A {@code connectUNIX} call. */
  public record UnixClient(
      String path, ClientFactory factory, double timeoutSeconds, boolean checkPID, FakeConnector connector) {
    public dev.torsion.internet.Protocol connect(dev.torsion.internet.Transport transport) {
      return MemoryReactor.connect(factory, transport);
    }
  }

  /** A {@code spawnProcess} call, with the fake transport that was returned. */
  public record ProcessSpawn(
      ProcessProtocol protocol,
      String executable,
      List<String> args,
      Map<String, String> env,
      String path,
      FakeProcessTransport transport) {}

  /** A system event trigger added with {@link #addSystemEventTrigger}. */
  public record Trigger(Phase phase, String eventType, Callable<?> fn) {}

  public final List<TcpServer> tcpServers = new ArrayList<>();
  public final List<TcpClient> tcpClients = new ArrayList<>();
  public final List<UdpListen> udpPorts = new ArrayList<>();
  public final List<UnixServer> unixServers = new ArrayList<>();
  public final List<UnixClient> unixClients = new ArrayList<>();
  public final List<ProcessSpawn> processes = new ArrayList<>();
  public final List<Trigger> triggers = new ArrayList<>();
  /** Every connector returned by connectTCP and connectUNIX, in order. */
  public final List<FakeConnector> connectors = new ArrayList<>();

  private final Clock clock;
  private final List<Runnable> whenRunning = new ArrayList<>();
  private boolean running;
  private boolean hasRun;
  private boolean hasStopped;
  private int nextPort = 40000;
  private int threadPoolSize = 10;
  private Resolver resolver = MemoryReactor::resolveLiteral;

  /** A reactor on a fresh Clock at time 0. */
  public MemoryReactor() {
    this(new Clock());
  }

  /** A reactor taking its time from {@code clock}. */
  public MemoryReactor(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The Clock behind {@link #seconds} and {@link #callLater}. */
  public Clock clock() {
    return clock;
  }

  /** Moves the Clock forward, running the calls that come due. */
  public void advance(double seconds) {
    clock.advance(seconds);
  }

  public boolean hasRun() {
    return hasRun;
  }

  public boolean hasStopped() {
    return hasStopped;
  }

  // ---- core ----

  /** Marks the reactor running and runs the callWhenRunning calls; returns at once. */
  @Override
  public void run() {
    if (running) {
      throw new IllegalStateException("MemoryReactor is already running");
    }
    running = true;
    hasRun = true;
    List<Runnable> calls = new ArrayList<>(whenRunning);
    whenRunning.clear();
    for (Runnable r : calls) {
      r.run();
    }
  }

  /** Runs the "shutdown" triggers (phase by phase) and marks the reactor stopped. */
  @Override
  public void stop() {
    if (!running) {
      throw new IllegalStateException("MemoryReactor is not running");
    }
    for (Phase phase : Phase.values()) {
      for (Trigger t : new ArrayList<>(triggers)) {
        if (t.phase() == phase && t.eventType().equals("shutdown")) {
          try {
            t.fn().call();
          } catch (Exception e) {
            dev.torsion.internet.Log.err(e, "Error in shutdown trigger " + t.fn());
          }
        }
      }
    }
    running = false;
    hasStopped = true;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public void callWhenRunning(Runnable fn) {
    if (running) {
      fn.run();
    } else {
      whenRunning.add(fn);
    }
  }

  /** Queues {@code fn} on the Clock with no delay: it runs at the next {@link #advance}. */
  @Override
  public void callFromThread(Runnable fn) {
    clock.callLater(0, fn);
  }

  @Override
  public Object addSystemEventTrigger(Phase phase, String eventType, Callable<?> fn) {
    Trigger t = new Trigger(phase, eventType, fn);
    triggers.add(t);
    return t;
  }

  @Override
  public void removeSystemEventTrigger(Object triggerId) {
    if (!triggers.remove(triggerId)) {
      throw new IllegalArgumentException("no such trigger: " + triggerId);
    }
  }

  // ---- time ----

  @Override
  public double seconds() {
    return clock.seconds();
  }

  @Override
  public DelayedCall callLater(double delaySeconds, Runnable fn) {
    return clock.callLater(delaySeconds, fn);
  }

  @Override
  public List<DelayedCall> getDelayedCalls() {
    return clock.getDelayedCalls();
  }

  // ---- network: recorded only ----

  @Override
  public ListeningPort listenTCP(int port, Factory factory, int backlog, String iface) {
    int actual = port == 0 ? nextPort++ : port;
    String host = iface == null || iface.isEmpty() ? "0.0.0.0" : iface;
    FakePort p = new FakePort(new dev.torsion.internet.IPv4Address("TCP", host, actual), factory);
    tcpServers.add(new TcpServer(port, factory, backlog, iface, p));
    return p;
  }

  @Override
  public Connector connectTCP(
      String host, int port, ClientFactory factory, double timeoutSeconds, Address bindAddress) {
    FakeConnector c = new FakeConnector(new dev.torsion.internet.IPv4Address("TCP", host, port));
    tcpClients.add(new TcpClient(host, port, factory, timeoutSeconds, bindAddress, c));
    connectors.add(c);
    factory.startedConnecting(c);
    return c;
  }

  @Override
  public UDPPort listenUDP(int port, DatagramProtocol protocol, String iface, int maxPacketSize) {
    udpPorts.add(new UdpListen(port, protocol, iface, maxPacketSize, false));
    return new FakeUdpPort(new dev.torsion.internet.IPv4Address("UDP", host(iface), port == 0 ? nextPort++ : port));
  }

  @Override
  public UDPPort listenMulticast(int port, DatagramProtocol protocol, String iface, boolean listenMultiple) {
    udpPorts.add(new UdpListen(port, protocol, iface, 8192, true));
    return new FakeUdpPort(new dev.torsion.internet.IPv4Address("UDP", host(iface), port == 0 ? nextPort++ : port));
  }

  @Override
  public ListeningPort listenUNIX(String path, Factory factory, int backlog, int mode, boolean wantPID) {
    FakePort p = new FakePort(new dev.torsion.internet.UNIXAddress(path), factory);
    unixServers.add(new UnixServer(path, factory, backlog, mode, wantPID, p));
    return p;
  }

  @Override
  public Connector connectUNIX(String path, ClientFactory factory, double timeoutSeconds, boolean checkPID) {
    FakeConnector c = new FakeConnector(new dev.torsion.internet.UNIXAddress(path));
    unixClients.add(new UnixClient(path, factory, timeoutSeconds, checkPID, c));
    connectors.add(c);
    factory.startedConnecting(c);
    return c;
  }

  /** Records the call and returns a {@link FakeProcessTransport}; no process is started. */
  @Override
  public ProcessTransport spawnProcess(
      ProcessProtocol protocol, String executable, List<String> args, Map<String, String> env, String path) {
    FakeProcessTransport t = new FakeProcessTransport(10_000 + processes.size());
    processes.add(new ProcessSpawn(protocol, executable, List.copyOf(args), env, path, t));
    protocol.makeConnection(t);
    return t;
  }

  /** Queues {@code fn} on the Clock, like {@link #callFromThread}: deterministic, no threads. */
  @Override
  public void callInThread(Runnable fn) {
    clock.callLater(0, fn);
  }

  @Override
  public void suggestThreadPoolSize(int size) {
    threadPoolSize = size;
  }

  /** The last value given to {@link #suggestThreadPoolSize} (10 by default). */
  public int threadPoolSize() {
    return threadPoolSize;
  }

  /** By default, IP literals resolve to themselves and names fail with DNSLookupError. */
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

  private static String host(String iface) {
    return iface == null || iface.isEmpty() ? "0.0.0.0" : iface;
  }

  private static Deferred<List<InetAddress>> resolveLiteral(String host) {
    // Only literals: getByName would do a real lookup for a name, which a fake must not.
    if (host.matches("[0-9.]+") || host.indexOf(':') >= 0) {
      try {
        return Deferred.succeed(List.of(InetAddress.getByName(host)));
      } catch (java.net.UnknownHostException e) {
        return Deferred.fail(new DNSLookupError(host + ": " + e.getMessage()));
      }
    }
    return Deferred.fail(new DNSLookupError(host + ": MemoryReactor resolves only IP literals"));
  }

  static dev.torsion.internet.Protocol connect(Factory factory, dev.torsion.internet.Transport transport) {
    dev.torsion.internet.Protocol p = factory.buildProtocol(transport.getPeer());
    if (p == null) {
      throw new IllegalStateException(factory + " refused the connection from " + transport.getPeer());
    }
    p.makeConnection(transport);
    return p;
  }

  /** The port returned by listenTCP and listenUNIX: records whether it was stopped. */
  public static final class FakePort implements ListeningPort {
    private final Address address;
    private final Factory factory;
    private boolean listening = true;

    FakePort(Address address, Factory factory) {
      this.address = address;
      this.factory = factory;
      factory.doStart();
    }

    @Override
    public Address getHost() {
      return address;
    }

    @Override
    public Deferred<Void> stopListening() {
      if (listening) {
        listening = false;
        factory.doStop();
      }
      return Deferred.succeed(null);
    }

    /** False once {@link #stopListening} was called. */
    public boolean isListening() {
      return listening;
    }

    @Override
    public String toString() {
      return "<FakePort " + address + (listening ? "" : " (stopped)") + ">";
    }
  }

  /** The connector returned by connectTCP and connectUNIX: records what was asked of it. */
  public static final class FakeConnector implements Connector {
    private final Address destination;
    public boolean stoppedConnecting;
    public boolean disconnected;
    public int connectCalls;

    FakeConnector(Address destination) {
      this.destination = destination;
    }

    @Override
    public void connect() {
      connectCalls++;
    }

    @Override
    public void stopConnecting() {
      stoppedConnecting = true;
    }

    @Override
    public void disconnect() {
      disconnected = true;
    }

    @Override
    public Address getDestination() {
      return destination;
    }
  }

  /** The UDP port returned by listenUDP: records datagrams written and groups joined. */
  public static final class FakeUdpPort implements UDPPort {
    /** A datagram written to this port. */
    public record Datagram(byte[] data, Address to) {}

    private final Address address;
    public final List<Datagram> written = new ArrayList<>();
    public final List<String> groups = new ArrayList<>();
    public Address connectedTo;
    public boolean listening = true;
    public int ttl = 1;
    public boolean loopback = true;

    FakeUdpPort(Address address) {
      this.address = address;
    }

    @Override
    public Address getHost() {
      return address;
    }

    @Override
    public Deferred<Void> stopListening() {
      listening = false;
      return Deferred.succeed(null);
    }

    @Override
    public void write(byte[] data, Address addr) {
      written.add(new Datagram(data, addr));
    }

    @Override
    public void write(byte[] data) {
      if (connectedTo == null) {
        throw new IllegalStateException("write(data) needs a connected port");
      }
      written.add(new Datagram(data, connectedTo));
    }

    @Override
    public void connect(String host, int port) {
      connectedTo = new dev.torsion.internet.IPv4Address("UDP", host, port);
    }

    @Override
    public Deferred<Void> joinGroup(String group, String iface) {
      groups.add(group);
      return Deferred.succeed(null);
    }

    @Override
    public Deferred<Void> leaveGroup(String group, String iface) {
      groups.remove(group);
      return Deferred.succeed(null);
    }

    @Override
    public void setTTL(int ttl) {
      this.ttl = ttl;
    }

    @Override
    public void setLoopbackMode(boolean loopback) {
      this.loopback = loopback;
    }

    @Override
    public int getTTL() {
      return ttl;
    }

    @Override
    public boolean getLoopbackMode() {
      return loopback;
    }
  }

  /** The process transport returned by spawnProcess: records stdin and signals. */
  public static final class FakeProcessTransport implements ProcessTransport {
    private final long pid;
    public final List<byte[]> stdin = new ArrayList<>();
    public final List<String> signals = new ArrayList<>();
    public boolean stdinClosed;
    public boolean lostConnection;
    /** True between pauseProducing and resumeProducing. */
    public boolean paused;

    FakeProcessTransport(long pid) {
      this.pid = pid;
    }

    @Override
    public void write(byte[] data) {
      stdin.add(data);
    }

    @Override
    public void closeStdin() {
      stdinClosed = true;
    }

    @Override
    public void signalProcess(String signal) {
      signals.add(signal);
    }

    @Override
    public long pid() {
      return pid;
    }

    @Override
    public void loseConnection() {
      stdinClosed = true;
      lostConnection = true;
    }

    @Override
    public void pauseProducing() {
      paused = true;
    }

    @Override
    public void resumeProducing() {
      paused = false;
    }

    /** Everything written to stdin so far, in order, as one array. */
    public byte[] stdinValue() {
      int n = 0;
      for (byte[] b : stdin) {
        n += b.length;
      }
      byte[] out = new byte[n];
      int off = 0;
      for (byte[] b : stdin) {
        System.arraycopy(b, 0, out, off, b.length);
        off += b.length;
      }
      return out;
    }
  }

  @Override
  public String toString() {
    return "<MemoryReactor at " + clock.seconds() + "s" + (running ? ", running" : "") + ">";
  }
}
