package dev.torsion.trial;

import dev.torsion.internet.Address;
import dev.torsion.internet.ConnectionAborted;
import dev.torsion.internet.ConnectionDone;
import dev.torsion.internet.ConnectionLost;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.HalfCloseableProtocol;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ReactorTime;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Connects a server protocol to a client protocol in memory and moves bytes between them when
 * told to: Twisted's {@code iosim.IOPump} with {@code connect}, {@code connectedServerAndClient}
 * and {@code loopback.loopbackAsync}.
 *
 * <p>Each {@link #pump} delivers what each side has written to the other (at most {@link
 * #setMaxBytesPerPump} bytes per direction, none while {@link #pauseDelivery} holds), gives
 * producers their turn, and carries out closes once queued data is delivered. {@link #flush}
 * pumps until nothing more happens. The ends are honest {@link FakeTransport}s, so anything
 * that layers on a transport (TLS included) runs over the pump unchanged.
 *
 * <pre>{@code
 * IOPump pump = IOPump.connectedServerAndClient(
 *     Factory.forProtocol(EchoServer::new), Factory.forProtocol(EchoClient::new));
 * EchoClient client = pump.client();
 * client.sendLine("hello");
 * pump.flush();
 * assertThat(client.received).containsExactly("hello");
 * client.getTransport().loseConnection();
 * pump.flush();                        // both sides see connectionLost(ConnectionDone)
 * }</pre>
 */
public final class IOPump {
  /** The server end's address in {@link #connect(Protocol, Protocol)}. */
  public static final IPv4Address SERVER_ADDRESS = new IPv4Address("TCP", "127.0.0.1", 8000);

  private static final AtomicInteger CLIENT_PORTS = new AtomicInteger(49152);
  private static final int MAX_FLUSH_STEPS = 1_000_000;

  private final FakeTransport serverTransport;
  private final FakeTransport clientTransport;
  private long maxBytesPerPump = Long.MAX_VALUE;
  private long highWaterMark = 64 * 1024;
  private boolean deliveryPaused;
  private Runnable eachPump;

  private ReactorTime asyncTime;
  private ReactorTime tlsTime;
  private boolean stepScheduled;
  private Deferred<Void> closedBoth;

  private IOPump(Protocol server, Protocol client, Address serverAddress, Address clientAddress) {
    serverTransport = new FakeTransport(this, server, serverAddress, clientAddress);
    clientTransport = new FakeTransport(this, client, clientAddress, serverAddress);
    serverTransport.other = clientTransport;
    clientTransport.other = serverTransport;
  }

  /**
   * Connects {@code server} and {@code client} (server first, as a listening port would), then
   * flushes once so that greetings written in {@code connectionMade} are delivered.
   */
  public static IOPump connect(Protocol server, Protocol client) {
    return connect(server, client, true);
  }

  /** Connects the two protocols; with {@code greet} false nothing is delivered yet. */
  public static IOPump connect(Protocol server, Protocol client, boolean greet) {
    return connect(server, client, SERVER_ADDRESS, nextClientAddress(), greet);
  }

  /** Connects the two protocols with the given addresses for each end. */
  public static IOPump connect(
      Protocol server, Protocol client, Address serverAddress, Address clientAddress, boolean greet) {
    IOPump pump =
        new IOPump(
            Objects.requireNonNull(server, "server"),
            Objects.requireNonNull(client, "client"),
            serverAddress,
            clientAddress);
    server.makeConnection(pump.serverTransport);
    client.makeConnection(pump.clientTransport);
    if (greet) {
      pump.flush();
    }
    return pump;
  }

  /**
   * Builds a protocol from each factory (as a listening port and a connector would, each given
   * the other end's address) and connects them. A factory that refuses (returns null) is an error.
   */
  public static IOPump connectedServerAndClient(Factory serverFactory, Factory clientFactory) {
    Address clientAddress = nextClientAddress();
    Protocol server = serverFactory.buildProtocol(clientAddress);
    if (server == null) {
      throw new IllegalStateException(serverFactory + " refused the connection from " + clientAddress);
    }
    Protocol client = clientFactory.buildProtocol(SERVER_ADDRESS);
    if (client == null) {
      throw new IllegalStateException(clientFactory + " refused to build a client protocol");
    }
    return connect(server, client, SERVER_ADDRESS, clientAddress, true);
  }

  /** {@link #connectedServerAndClient(Factory, Factory)} from protocol constructors. */
  public static IOPump connectedServerAndClient(
      Supplier<? extends Protocol> server, Supplier<? extends Protocol> client) {
    return connectedServerAndClient(Factory.forProtocol(server), Factory.forProtocol(client));
  }

  /**
   * Connects the two protocols and pumps by itself, one step per turn of {@code time} (a
   * reactor, or a Clock the test advances), whenever either side writes or closes. The Deferred
   * fires once both sides have seen {@code connectionLost}: Twisted's {@code loopbackAsync}.
   */
  public static Deferred<Void> loopbackAsync(ReactorTime time, Protocol server, Protocol client) {
    IOPump pump = new IOPump(server, client, SERVER_ADDRESS, nextClientAddress());
    pump.asyncTime = Objects.requireNonNull(time, "time");
    pump.closedBoth = new Deferred<>();
    Deferred<Void> done = pump.closedBoth;
    server.makeConnection(pump.serverTransport);
    client.makeConnection(pump.clientTransport);
    pump.wake();
    return done;
  }

  /** {@link #loopbackAsync(ReactorTime, Protocol, Protocol)} on the running trial test's reactor. */
  public static Deferred<Void> loopbackAsync(Protocol server, Protocol client) {
    return loopbackAsync(Trial.reactor(), server, client);
  }

  private static Address nextClientAddress() {
    int port = CLIENT_PORTS.getAndUpdate(p -> p >= 65535 ? 49152 : p + 1);
    return new IPv4Address("TCP", "127.0.0.1", port);
  }

  /** The server's protocol, typed as the caller needs. */
  @SuppressWarnings("unchecked")
  public <P extends Protocol> P server() {
    return (P) serverTransport.connected;
  }

  /** The client's protocol, typed as the caller needs. */
  @SuppressWarnings("unchecked")
  public <P extends Protocol> P client() {
    return (P) clientTransport.connected;
  }

  public FakeTransport serverTransport() {
    return serverTransport;
  }

  public FakeTransport clientTransport() {
    return clientTransport;
  }

  /** Delivers at most {@code bytes} in each direction per {@link #pump}. */
  public IOPump setMaxBytesPerPump(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("bytes must be positive: " + bytes);
    }
    maxBytesPerPump = bytes;
    return this;
  }

  /** Queued bytes past which a writer's push producer is paused (default 64 KiB). */
  public IOPump setHighWaterMark(long bytes) {
    highWaterMark = bytes;
    return this;
  }

  long highWaterMark() {
    return highWaterMark;
  }

  /**
   * The clock that {@code startTLS} on either end uses for the handshake timeout of its {@link
   * dev.torsion.internet.ssl.TLSOptions}: a Clock the test advances, or a reactor. By default the
   * {@link #loopbackAsync} time, else none (the handshake never times out).
   */
  public IOPump setReactorTime(ReactorTime time) {
    tlsTime = time;
    return this;
  }

  ReactorTime reactorTime() {
    return tlsTime != null ? tlsTime : asyncTime;
  }

  /** Runs {@code fn} at the start of each pump step: e.g. {@code () -> clock.advance(0)}. */
  public IOPump onEachPump(Runnable fn) {
    eachPump = fn;
    return this;
  }

  /** Holds all delivery (data and closes) until {@link #resumeDelivery}; writes still queue. */
  public void pauseDelivery() {
    deliveryPaused = true;
  }

  /** Lets delivery go on after {@link #pauseDelivery}. */
  public void resumeDelivery() {
    deliveryPaused = false;
    wake();
  }

  /**
   * Moves one round of data in each direction, runs producers, and carries out closes whose
   * data has all been delivered. Returns true if anything happened.
   */
  public boolean pump() {
    if (eachPump != null) {
      eachPump.run();
    }
    if (deliveryPaused) {
      return false;
    }
    boolean progress = false;
    progress |= clientTransport.runProducer();
    progress |= serverTransport.runProducer();
    // Take both directions' data before delivering either, as Twisted's pump does: a reply
    // written while handling this round's data goes out in the next round.
    byte[] toServer = take(clientTransport);
    byte[] toClient = take(serverTransport);
    progress |= deliver(toServer, serverTransport);
    progress |= deliver(toClient, clientTransport);
    progress |= closes(clientTransport);
    progress |= closes(serverTransport);
    return progress;
  }

  /** Pumps until nothing more happens. Fails if the two sides never stop talking. */
  public void flush() {
    for (int i = 0; i < MAX_FLUSH_STEPS; i++) {
      if (!pump()) {
        return;
      }
    }
    throw new IllegalStateException(
        "IOPump.flush(): still busy after " + MAX_FLUSH_STEPS + " steps; the protocols never go quiet");
  }

  private byte[] take(FakeTransport from) {
    FakeTransport to = from.other;
    if (!from.hasQueued() || to.closed || to.readingPaused || to.readShut) {
      return null;
    }
    return from.take(maxBytesPerPump);
  }

  private static boolean deliver(byte[] chunk, FakeTransport to) {
    if (chunk == null) {
      return false;
    }
    if (!to.closed) {
      to.protocol.dataReceived(chunk);
    }
    return true;
  }

  private boolean closes(FakeTransport end) {
    if (end.closed) {
      return false;
    }
    FakeTransport peer = end.other;
    if (end.aborted) {
      closeBoth(
          end,
          new ConnectionAborted("Connection was aborted locally."),
          new ConnectionLost("Connection reset by peer (the other side aborted)."));
      return true;
    }
    if (end.hasQueued()) {
      return false;
    }
    if (end.disconnecting) {
      ConnectionDone done = new ConnectionDone("Connection was closed cleanly.");
      closeBoth(end, done, new ConnectionDone("Connection was closed cleanly by the peer."));
      return true;
    }
    boolean progress = false;
    if (end.writeShutdownRequested && !end.writeShut) {
      end.writeShut = true;
      progress = true;
      if (end.protocol instanceof HalfCloseableProtocol) {
        ((HalfCloseableProtocol) end.protocol).writeConnectionLost();
      }
      if (!peer.closed && peer.protocol instanceof HalfCloseableProtocol) {
        peer.readShut = true;
        ((HalfCloseableProtocol) peer.protocol).readConnectionLost();
      } else if (!peer.closed) {
        // A protocol that cannot half-close treats end-of-stream as the end of the connection.
        closeBoth(
            peer,
            new ConnectionDone("Connection was closed cleanly by the peer."),
            new ConnectionDone("Connection was closed cleanly."));
        return true;
      }
    }
    if (!end.closed && end.writeShut && peer.writeShut) {
      ConnectionDone done = new ConnectionDone("Connection was closed cleanly.");
      closeBoth(end, done, new ConnectionDone("Connection was closed cleanly."));
      progress = true;
    }
    return progress;
  }

  private void closeBoth(FakeTransport first, Throwable firstReason, Throwable secondReason) {
    FakeTransport second = first.other;
    first.markClosed();
    second.markClosed();
    first.protocol.transportClosed(Failure.of(firstReason));
    second.protocol.transportClosed(Failure.of(secondReason));
    if (closedBoth != null) {
      Deferred<Void> d = closedBoth;
      closedBoth = null;
      d.callback(null);
    }
  }

  /** Called by the ends whenever something may need pumping; schedules a step in async mode. */
  void wake() {
    if (asyncTime == null || stepScheduled || (serverTransport.closed && clientTransport.closed)) {
      return;
    }
    stepScheduled = true;
    asyncTime.callLater(0, this::asyncStep);
  }

  private void asyncStep() {
    stepScheduled = false;
    if (pump()) {
      wake();
    }
  }

  @Override
  public String toString() {
    return "IOPump[server " + serverTransport + ", client " + clientTransport + "]";
  }
}
