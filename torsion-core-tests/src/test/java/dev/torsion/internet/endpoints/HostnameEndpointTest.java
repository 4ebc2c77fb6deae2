package dev.torsion.internet.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.CancelledError;
import dev.torsion.internet.ConnectionRefusedError;
import dev.torsion.internet.DNSLookupError;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.endpoints.internal.HappyEyeballs;
import dev.torsion.trial.MemoryReactor;
import dev.torsion.trial.StringTransport;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostnameEndpointTest {
  private final MemoryReactor reactor = new MemoryReactor();
  private final Factory factory = Factory.forProtocol(Protocol::new);
  private Protocol connected;
  private Failure failed;

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal); // a literal: no lookup
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private void resolveTo(String... literals) {
    List<InetAddress> addrs = new ArrayList<>();
    for (String l : literals) {
      addrs.add(ip(l));
    }
    reactor.installResolver(host -> Deferred.succeed(addrs));
  }

  private Deferred<Protocol> connect() {
    Deferred<Protocol> d = new HostnameEndpoint(reactor, "example.com", 80).connect(factory);
    d.addCallbacks(p -> { connected = p; return null; }, f -> { failed = f; return null; });
    return d;
  }

  private List<String> attemptedHosts() {
    List<String> out = new ArrayList<>();
    for (MemoryReactor.TcpClient c : reactor.tcpClients) {
      out.add(c.host());
    }
    return out;
  }

  private void refuse(int attempt) {
    MemoryReactor.TcpClient c = reactor.tcpClients.get(attempt);
    c.factory().clientConnectionFailed(c.connector(), Failure.of(new ConnectionRefusedError(c.host() + ": refused")));
  }

  @Test
  void interleavesFamiliesStartingWithTheResolversFirstAnswer() {
    List<InetAddress> ordered =
        HappyEyeballs.interleave(
            List.of(ip("2001:db8::1"), ip("2001:db8::2"), ip("2001:db8::3"), ip("192.0.2.1"), ip("192.0.2.2")));
    assertThat(ordered)
        .containsExactly(ip("2001:db8::1"), ip("192.0.2.1"), ip("2001:db8::2"), ip("192.0.2.2"), ip("2001:db8::3"));
    assertThat(HappyEyeballs.interleave(List.of(ip("192.0.2.1"), ip("2001:db8::1"), ip("192.0.2.2"))))
        .containsExactly(ip("192.0.2.1"), ip("2001:db8::1"), ip("192.0.2.2"));
  }

  @Test
  void startsTheNextAttempt250MillisecondsAfterThePrevious() {
    resolveTo("2001:db8::1", "192.0.2.1", "192.0.2.2");
    connect();
    assertThat(attemptedHosts()).containsExactly("2001:db8:0:0:0:0:0:1");
    reactor.advance(0.249);
    assertThat(reactor.tcpClients).hasSize(1);
    reactor.advance(0.001);
    assertThat(attemptedHosts()).containsExactly("2001:db8:0:0:0:0:0:1", "192.0.2.1");
    reactor.advance(0.25);
    assertThat(reactor.tcpClients).hasSize(3);
    assertThat(reactor.getDelayedCalls()).isEmpty(); // no timer once every address is tried
  }

  @Test
  void aFailedAttemptStartsTheNextOneAtOnce() {
    resolveTo("2001:db8::1", "192.0.2.1");
    connect();
    refuse(0);
    assertThat(attemptedHosts()).containsExactly("2001:db8:0:0:0:0:0:1", "192.0.2.1");
    assertThat(reactor.seconds()).isZero();
  }

  @Test
  void theFirstToConnectWinsAndTheOthersAreCancelled() {
    resolveTo("2001:db8::1", "192.0.2.1", "192.0.2.2");
    connect();
    reactor.advance(0.25); // two attempts running
    Protocol winner = reactor.tcpClients.get(1).connect(new StringTransport());
    assertThat(connected).isNotNull();
    assertThat(connected.getTransport()).isNotNull();
    assertThat(winner).isNotNull();
    assertThat(reactor.connectors.get(0).stoppedConnecting).isTrue();
    assertThat(reactor.connectors.get(1).stoppedConnecting).isFalse();
    reactor.advance(10);
    assertThat(reactor.tcpClients).hasSize(2); // the third address is never tried
  }

  @Test
  void failsWithTheLastErrorWhenEveryAttemptFails() {
    resolveTo("192.0.2.1", "192.0.2.2");
    connect();
    refuse(0);
    assertThat(failed).isNull();
    refuse(1);
    assertThat(failed.value()).isInstanceOf(ConnectionRefusedError.class).hasMessageContaining("192.0.2.2");
  }

  @Test
  void waitsForSlowAttemptsBeforeFailing() {
    resolveTo("192.0.2.1", "192.0.2.2");
    connect();
    reactor.advance(0.25);
    refuse(1); // the second fails while the first is still trying
    assertThat(failed).isNull();
    refuse(0);
    assertThat(failed.value()).isInstanceOf(ConnectionRefusedError.class);
  }

  @Test
  void anUnknownNameFailsWithDnsLookupError() {
    reactor.installResolver(host -> Deferred.fail(new java.net.UnknownHostException(host)));
    connect();
    assertThat(failed.value()).isInstanceOf(DNSLookupError.class).hasMessageContaining("example.com");
    assertThat(reactor.tcpClients).isEmpty();
  }

  @Test
  void aNameWithNoAddressesFailsWithDnsLookupError() {
    resolveTo();
    connect();
    assertThat(failed.value()).isInstanceOf(DNSLookupError.class);
  }

  @Test
  void cancellingStopsEveryAttemptAndTheTimer() {
    resolveTo("2001:db8::1", "192.0.2.1", "192.0.2.2");
    Deferred<Protocol> d = connect();
    reactor.advance(0.25);
    d.cancel();
    assertThat(failed.value()).isInstanceOf(CancelledError.class);
    assertThat(reactor.connectors).allSatisfy(c -> assertThat(c.stoppedConnecting).isTrue());
    assertThat(reactor.getDelayedCalls()).isEmpty();
  }

  @Test
  void cancellingDuringResolutionCancelsTheLookup() {
    Deferred<List<InetAddress>> lookup = new Deferred<>();
    reactor.installResolver(host -> lookup);
    Deferred<Protocol> d = connect();
    d.cancel();
    assertThat(failed.value()).isInstanceOf(CancelledError.class);
    assertThat(lookup.called()).isTrue();
    assertThat(reactor.tcpClients).isEmpty();
  }
}
