package dev.torsion.application;

import static dev.torsion.trial.Trial.assertNoResult;
import static dev.torsion.trial.Trial.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Address;
import dev.torsion.internet.CannotListenError;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.endpoints.ServerEndpoint;
import dev.torsion.protocols.Echo;
import dev.torsion.trial.StringTransportWithDisconnection;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class StreamServerEndpointServiceTest {
  /** An endpoint whose listen the test completes; it keeps the factory it was given. */
  private static final class FakeEndpoint implements ServerEndpoint {
    Deferred<ListeningPort> listening = new Deferred<>();
    Factory factory;
    boolean cancelled;

    @Override
    public Deferred<ListeningPort> listen(Factory f) {
      factory = f;
      listening = new Deferred<>(d -> cancelled = true);
      return listening;
    }
  }

  private static final class FakePort implements ListeningPort {
    boolean stopped;

    @Override
    public Address getHost() {
      return new IPv4Address("TCP", "127.0.0.1", 8007);
    }

    @Override
    public Deferred<Void> stopListening() {
      stopped = true;
      return Deferred.succeed(null);
    }
  }

  private final FakeEndpoint endpoint = new FakeEndpoint();
  private final StreamServerEndpointService service =
      new StreamServerEndpointService(endpoint, Factory.forProtocol(Echo::new), "tcp:8007");

  private StringTransportWithDisconnection connect() {
    Protocol p = endpoint.factory.buildProtocol(new IPv4Address("TCP", "127.0.0.1", 50000));
    StringTransportWithDisconnection t = new StringTransportWithDisconnection(p);
    p.makeConnection(t);
    return t;
  }

  @Test
  void startFiresOnceThePortIsListening() {
    Deferred<Void> started = service.startService();
    assertNoResult(started);
    FakePort port = new FakePort();
    endpoint.listening.callback(port);
    successResultOf(started);
    assertThat(service.getPort()).isSameAs(port);
  }

  @Test
  void aPortInUseFailsTheStartNamingTheEndpoint() {
    Object[] outcome = new Object[1];
    service.startService().addBoth(r -> outcome[0] = r);
    endpoint.listening.errback(new CannotListenError("0.0.0.0:8007: address already in use"));

    Failure f = (Failure) outcome[0];
    assertThat(f.value()).isInstanceOf(CannotListenError.class);
    assertThat(f.getErrorMessage()).isEqualTo("cannot listen on tcp:8007: address already in use");
  }

  @Test
  void connectionsGetTheUsersProtocolThroughTheService() {
    service.startService();
    endpoint.listening.callback(new FakePort());
    StringTransportWithDisconnection t = connect();
    // Echo is half-closeable: a half-close must still reach it through the service's watcher.
    Protocol p = t.protocol;
    p.dataReceived("ping".getBytes(StandardCharsets.US_ASCII));
    ((dev.torsion.internet.HalfCloseableProtocol) p).readConnectionLost();
    assertThat(t.valueString()).isEqualTo("ping");
    assertThat(t.disconnecting).isTrue();
  }

  @Test
  void stopClosesThePortThenWaitsForOpenConnections() {
    service.startService();
    FakePort port = new FakePort();
    endpoint.listening.callback(port);
    StringTransportWithDisconnection a = connect();
    StringTransportWithDisconnection b = connect();
    assertThat(service.connectionCount()).isEqualTo(2);

    Deferred<Void> stopped = service.stopService();
    assertThat(port.stopped).isTrue();
    assertNoResult(stopped);

    a.loseConnection();
    assertNoResult(stopped);
    b.loseConnection();
    successResultOf(stopped);
  }

  /** Closes at once when asked, as a protocol with nothing under way would. */
  private static final class Graceful extends Protocol implements dev.torsion.internet.GracefulClose {
    int asked;

    @Override
    public void closeGracefully() {
      asked++;
      transport.loseConnection();
    }
  }

  @Test
  void stopAsksEveryGracefulConnectionToCloseAndOneMadeWhileDrainingToo() {
    java.util.List<Graceful> built = new java.util.ArrayList<>();
    FakeEndpoint fake = new FakeEndpoint();
    StreamServerEndpointService graceful = new StreamServerEndpointService(fake,
        Factory.forProtocol(() -> {
          Graceful g = new Graceful();
          built.add(g);
          return g;
        }), "tcp:8007");
    graceful.startService();
    fake.listening.callback(new FakePort());
    Protocol first = fake.factory.buildProtocol(new IPv4Address("TCP", "127.0.0.1", 50000));
    StringTransportWithDisconnection a = new StringTransportWithDisconnection(first);
    first.makeConnection(a);

    Deferred<Void> stopped = graceful.stopService();
    assertThat(built.get(0).asked).isEqualTo(1);
    assertThat(a.disconnecting).isTrue();
    successResultOf(stopped); // it closed when asked: nothing is left to wait for
    // One made after (handed to another reactor of a group before the port closed) is asked too,
    // once its protocol is connected:
    Protocol late = fake.factory.buildProtocol(new IPv4Address("TCP", "127.0.0.1", 50001));
    StringTransportWithDisconnection b = new StringTransportWithDisconnection(late);
    late.makeConnection(b);
    assertThat(built.get(1).asked).isEqualTo(1);
    assertThat(b.disconnecting).isTrue();
  }

  @Test
  void stopWhileStillBindingCancelsTheListen() {
    service.startService();
    Deferred<Void> stopped = service.stopService();
    assertThat(endpoint.cancelled).isTrue();
    successResultOf(stopped);
  }

  @Test
  void abortConnectionsClosesEveryAcceptedConnection() {
    service.startService();
    endpoint.listening.callback(new FakePort());
    StringTransportWithDisconnection a = connect();
    Deferred<Void> stopped = service.stopService();
    service.abortConnections();
    assertThat(a.aborted).isTrue();
    successResultOf(stopped);
  }

  @Test
  void thePortsLogLinesNameTheNearestNamedServiceNotAnInternalClass() {
    Application app = new Application("echo");
    service.setServiceParent(app);
    service.startService();
    assertThat(endpoint.factory.logPrefix()).isEqualTo("echo");

    service.disownServiceParent();
    service.setName("echo-tcp");
    service.setServiceParent(app);
    assertThat(endpoint.factory.logPrefix()).isEqualTo("echo-tcp");
  }

  @Test
  void withoutANameThePortsLogLinesNameTheUsersFactory() {
    final class FingerFactory extends Factory {
      FingerFactory() {
        super(Echo::new);
      }
    }
    StreamServerEndpointService alone =
        new StreamServerEndpointService(endpoint, new FingerFactory(), "tcp:1079");
    alone.startService();
    assertThat(endpoint.factory.logPrefix()).isEqualTo("FingerFactory");
  }

  @Test
  void addressesReadAsHostAndPort() {
    assertThat(StreamServerEndpointService.address(new IPv4Address("TCP", "0.0.0.0", 8007)))
        .isEqualTo("0.0.0.0:8007");
    assertThat(StreamServerEndpointService.address(
        new dev.torsion.internet.IPv6Address("TCP", "::1", 8007))).isEqualTo("[::1]:8007");
  }
}
