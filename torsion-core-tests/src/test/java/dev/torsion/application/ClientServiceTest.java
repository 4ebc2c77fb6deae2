package dev.torsion.application;

import static dev.torsion.trial.Trial.assertNoResult;
import static dev.torsion.trial.Trial.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.CancelledError;
import dev.torsion.internet.ConnectionRefusedError;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.endpoints.ClientEndpoint;
import dev.torsion.internet.task.Clock;
import dev.torsion.trial.StringTransportWithDisconnection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ClientServiceTest {
  /** Each connect waits until the test accepts or refuses it. */
  private static final class FakeEndpoint implements ClientEndpoint {
    final List<Deferred<Protocol>> attempts = new ArrayList<>();
    final List<Factory> factories = new ArrayList<>();
    int cancelled;

    @Override
    public Deferred<Protocol> connect(Factory factory) {
      Deferred<Protocol> d = new Deferred<>(x -> cancelled++);
      attempts.add(d);
      factories.add(factory);
      return d;
    }

    StringTransportWithDisconnection accept() {
      Protocol p = factories.get(factories.size() - 1).buildProtocol(new IPv4Address("TCP", "10.0.0.1", 7000));
      StringTransportWithDisconnection t = new StringTransportWithDisconnection(p);
      p.makeConnection(t);
      attempts.get(attempts.size() - 1).callback(p);
      return t;
    }

    void refuse() {
      attempts.get(attempts.size() - 1).errback(new ConnectionRefusedError("refused"));
    }
  }

  static final class Client extends Protocol {}

  private final Clock clock = new Clock();
  private final FakeEndpoint endpoint = new FakeEndpoint();
  // Delays 2, 4, 8... with no jitter, so the clock steps are exact.
  private final ClientService service =
      new ClientService(endpoint, Factory.forProtocol(Client::new), clock, RetryPolicy.backoff(1, 60, 2, () -> 0));

  @Test
  void whenConnectedFiresWithTheUsersProtocolOnceConnected() {
    service.startService();
    Deferred<Protocol> connected = service.whenConnected();
    assertNoResult(connected);
    endpoint.accept();
    Object[] p = new Object[1];
    connected.addCallback(x -> p[0] = x);
    assertThat(p[0]).isInstanceOf(Client.class);
    successResultOf(service.whenConnected());
  }

  @Test
  void failedAttemptsAreRetriedWithBackoff() {
    service.startService();
    endpoint.refuse();
    assertThat(endpoint.attempts).hasSize(1);
    clock.advance(1.9);
    assertThat(endpoint.attempts).hasSize(1);
    clock.advance(0.1);
    assertThat(endpoint.attempts).hasSize(2);
    endpoint.refuse();
    clock.advance(3.9);
    assertThat(endpoint.attempts).hasSize(2);
    clock.advance(0.1);
    assertThat(endpoint.attempts).hasSize(3);
  }

  @Test
  void aLostConnectionIsReconnected() {
    service.startService();
    StringTransportWithDisconnection t = endpoint.accept();
    t.loseConnection();
    assertNoResult(service.whenConnected());
    clock.advance(2);
    assertThat(endpoint.attempts).hasSize(2);
    endpoint.accept();
    successResultOf(service.whenConnected());
  }

  @Test
  void whenConnectedCanGiveUpAfterSomeFailures() {
    service.startService();
    Object[] outcome = new Object[1];
    service.whenConnected(2).addBoth(r -> outcome[0] = r);
    endpoint.refuse();
    assertThat(outcome[0]).isNull();
    clock.advance(2);
    endpoint.refuse();
    assertThat(((Failure) outcome[0]).value()).isInstanceOf(ConnectionRefusedError.class);
  }

  @Test
  void stopDisconnectsAndFiresOnceTheConnectionIsGone() {
    service.startService();
    StringTransportWithDisconnection t = endpoint.accept();
    Deferred<Void> stopped = service.stopService();
    assertThat(t.disconnecting).isTrue();
    successResultOf(stopped); // the in-memory transport closes at once
    clock.advance(100);
    assertThat(endpoint.attempts).hasSize(1);
  }

  @Test
  void stopCancelsAPendingAttemptAndFailsWaiters() {
    service.startService();
    Object[] outcome = new Object[1];
    service.whenConnected().addBoth(r -> outcome[0] = r);
    service.stopService();
    assertThat(endpoint.cancelled).isEqualTo(1);
    assertThat(((Failure) outcome[0]).value()).isInstanceOf(CancelledError.class);
    assertThat(clock.getDelayedCalls()).isEmpty();
  }

  @Test
  void stopDuringBackoffCancelsTheRetry() {
    service.startService();
    endpoint.refuse();
    service.stopService();
    assertThat(clock.getDelayedCalls()).isEmpty();
    clock.advance(100);
    assertThat(endpoint.attempts).hasSize(1);
  }
}
