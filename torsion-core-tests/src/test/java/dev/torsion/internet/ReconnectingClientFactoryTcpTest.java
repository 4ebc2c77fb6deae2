package dev.torsion.internet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.protocols.LineReceiver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ReconnectingClientFactory on real loopback sockets: the server goes away (port closed, its
 * connections aborted) and comes back on the same port, and the client's session goes on.
 * ReconnectingClientFactoryTest covers the backoff arithmetic on a Clock; this proves the
 * factory, the reactor's connector and its retries work together.
 */
class ReconnectingClientFactoryTcpTest {
  /** Answers each line with "echo: " + line, and keeps its connections so the test can cut them. */
  static final class EchoServer {
    final List<Protocol> connections = new ArrayList<>();

    Factory factory() {
      return Factory.forProtocol(() -> new LineReceiver() {
        @Override
        public void connectionMade() {
          connections.add(this);
        }

        @Override
        public void lineReceived(byte[] line) {
          sendLine("echo: " + new String(line, StandardCharsets.UTF_8));
        }

        @Override
        public void connectionLost(Failure reason) {
          connections.remove(this);
        }
      });
    }
  }

  /** One client connection: fires {@link #connected}, {@link #lost}, and the next reply. */
  static final class Client extends LineReceiver {
    final Deferred<Client> connected = new Deferred<>();
    final Deferred<Failure> lost = new Deferred<>();
    private Deferred<String> reply;

    Deferred<String> ask(String line) {
      reply = new Deferred<>();
      sendLine(line);
      return reply;
    }

    @Override
    public void connectionMade() {
      connected.callback(this);
    }

    @Override
    public void lineReceived(byte[] line) {
      Deferred<String> d = reply;
      reply = null;
      d.callback(new String(line, StandardCharsets.UTF_8));
    }

    @Override
    public void connectionLost(Failure reason) {
      lost.callback(reason);
    }
  }

  /**
   * Reconnects as the Javadoc recommends (resetDelay once connected), and tells the test about
   * each new connection and each failed attempt. Used on the reactor thread only.
   */
  static final class Reconnecting extends ReconnectingClientFactory {
    private Deferred<Client> nextConnection = new Deferred<>();
    private Deferred<Failure> nextFailure = new Deferred<>();

    Reconnecting(ReactorTime clock) {
      super(clock);
    }

    Deferred<Client> nextConnection() {
      return nextConnection;
    }

    Deferred<Failure> nextFailure() {
      return nextFailure;
    }

    @Override
    public Protocol buildProtocol(Address addr) {
      resetDelay();
      Client c = new Client();
      c.setFactory(this);
      Deferred<Client> d = nextConnection;
      nextConnection = new Deferred<>();
      c.connected.chainDeferred(d);
      return c;
    }

    @Override
    public void clientConnectionFailed(Connector connector, Failure reason) {
      Deferred<Failure> d = nextFailure;
      nextFailure = new Deferred<>();
      super.clientConnectionFailed(connector, reason);
      d.callback(reason);
    }
  }

  @Test
  @SuppressWarnings("unchecked") // the generic array holding the Deferred across threads
  void aClientReconnectsToAServerThatRestartsOnTheSamePortAndTheSessionGoesOn() throws Exception {
    try (NioTesting t = new NioTesting()) {
      EchoServer server = new EchoServer();
      ListeningPort first = t.call(() -> t.reactor.listenTCP(0, server.factory(), 50, "127.0.0.1"));
      int port = NioTesting.port(first);
      Reconnecting factory = t.call(() -> {
        Reconnecting f = new Reconnecting(t.reactor);
        f.setInitialDelay(0.05);
        f.setMaxDelay(0.5); // a few refused attempts while the server is down stay quick
        return f;
      });

      // Given a client connected through the factory, with a working session.
      Client one = t.await(() -> {
        Deferred<Client> d = factory.nextConnection();
        t.reactor.connectTCP("127.0.0.1", port, factory);
        return d;
      });
      assertThat(t.await(() -> one.ask("one"))).isEqualTo("echo: one");

      // When the server goes away: its port closes and its connections are cut.
      t.await(first::stopListening);
      // A Failure is an errback result, so outcome() rather than await() hands it over.
      Failure cut = (Failure) t.outcome(() -> {
        for (Protocol p : List.copyOf(server.connections)) {
          p.transport.abortConnection();
        }
        return one.lost;
      });
      assertThat(cut.check(ConnectionLost.class, ConnectionDone.class)).isNotNull();
      // ... and the client retries while nothing listens (and is refused) ...
      Failure refused = (Failure) t.outcome(factory::nextFailure);
      assertThat(refused.check(ConnectionRefusedError.class)).isNotNull();

      // ... and the server comes back on the same port.
      Deferred<Client>[] reconnected = new Deferred[1];
      ListeningPort second = t.call(() -> {
        reconnected[0] = factory.nextConnection();
        return t.reactor.listenTCP(port, server.factory(), 50, "127.0.0.1");
      });
      assertThat(NioTesting.port(second)).isEqualTo(port);

      // Then the client is connected again, with a fresh protocol, and the session goes on.
      Client two = t.await(() -> reconnected[0]);
      assertThat(two).isNotSameAs(one);
      assertThat(t.await(() -> two.ask("two"))).isEqualTo("echo: two");
      assertThat(t.call(factory::getRetries)).as("resetDelay once connected").isZero();

      // Cleanup: stop trying, then close; no retry may be scheduled after the loss.
      Failure closed = (Failure) t.outcome(() -> {
        factory.stopTrying();
        two.transport.loseConnection();
        return two.lost;
      });
      assertThat(closed.check(ConnectionDone.class)).isNotNull();
      t.await(second::stopListening);
      assertThat(t.call(() -> t.reactor.getDelayedCalls())).as("no retry left scheduled").isEmpty();
    }
  }
}
