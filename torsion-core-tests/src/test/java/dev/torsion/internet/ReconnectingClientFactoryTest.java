package dev.torsion.internet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.torsion.internet.task.Clock;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReconnectingClientFactoryTest {
  private final Clock clock = new Clock();

  /** Counts reconnects and stop requests, as the reactor's connector would see them. */
  static final class CountingConnector implements Connector {
    int connects;
    int stops;

    @Override public void connect() { connects++; }
    @Override public void stopConnecting() { stops++; }
    @Override public void disconnect() {}
    @Override public Address getDestination() { return new IPv4Address("TCP", "192.0.2.7", 6667); }
  }

  private static Failure refused() {
    return Failure.of(new ConnectionRefusedError("refused"));
  }

  private ReconnectingClientFactory withoutJitter() {
    ReconnectingClientFactory f = new ReconnectingClientFactory(clock, Protocol::new);
    f.setJitter(0);
    return f;
  }

  @Test
  void hasTwistedsDefaults() {
    ReconnectingClientFactory f = new ReconnectingClientFactory(clock, Protocol::new);
    assertThat(f.getMaxDelay()).isEqualTo(3600);
    assertThat(f.getInitialDelay()).isEqualTo(1.0);
    assertThat(f.getFactor()).isEqualTo(2.7182818284590451);
    assertThat(f.getJitter()).isEqualTo(0.11962656472);
    assertThat(f.getMaxRetries()).isNull();
  }

  @Test
  void retriesAfterAFailureWithGrowingDelays() {
    ReconnectingClientFactory f = withoutJitter();
    CountingConnector c = new CountingConnector();

    f.clientConnectionFailed(c, refused());
    assertThat(f.getDelay()).isCloseTo(Math.E, offset(1e-9));
    clock.advance(Math.E - 0.001);
    assertThat(c.connects).isZero();
    clock.advance(0.001);
    assertThat(c.connects).isEqualTo(1);

    f.clientConnectionFailed(c, refused());
    assertThat(f.getDelay()).isCloseTo(Math.E * Math.E, offset(1e-9));
    clock.advance(Math.E * Math.E);
    assertThat(c.connects).isEqualTo(2);
    assertThat(f.getRetries()).isEqualTo(2);
  }

  @Test
  void aLostConnectionIsRetriedToo() {
    ReconnectingClientFactory f = withoutJitter();
    CountingConnector c = new CountingConnector();
    f.clientConnectionLost(c, Failure.of(new ConnectionLost("reset")));
    clock.advance(3);
    assertThat(c.connects).isEqualTo(1);
  }

  @Test
  void theDelayIsCappedAtMaxDelay() {
    ReconnectingClientFactory f = withoutJitter();
    f.setMaxDelay(10);
    CountingConnector c = new CountingConnector();
    for (int i = 0; i < 5; i++) {
      f.clientConnectionFailed(c, refused());
      clock.advance(f.getDelay());
    }
    assertThat(f.getDelay()).isEqualTo(10);
    assertThat(c.connects).isEqualTo(5);
  }

  @Test
  void jitterSpreadsTheDelayAroundTheBackoff() {
    ReconnectingClientFactory f = new ReconnectingClientFactory(clock, Protocol::new, new Random(7));
    f.setJitter(0.5); // big enough to notice, as a seeded normal spread
    f.clientConnectionFailed(new CountingConnector(), refused());
    double expected = Math.E + new Random(7).nextGaussian() * Math.E * 0.5;
    assertThat(f.getDelay()).isCloseTo(expected, offset(1e-9)).isNotCloseTo(Math.E, offset(1e-6));
  }

  @Test
  void givesUpAfterMaxRetries() {
    ReconnectingClientFactory f = withoutJitter();
    f.setMaxRetries(2);
    CountingConnector c = new CountingConnector();
    for (int i = 0; i < 3; i++) {
      f.clientConnectionFailed(c, refused());
      clock.advance(100);
    }
    assertThat(c.connects).isEqualTo(2);
    assertThat(clock.getDelayedCalls()).isEmpty();
  }

  @Test
  void stopTryingCancelsTheScheduledRetryAndTheAttempt() {
    ReconnectingClientFactory f = withoutJitter();
    CountingConnector c = new CountingConnector();
    f.clientConnectionFailed(c, refused());
    f.stopTrying();
    assertThat(clock.getDelayedCalls()).isEmpty();
    assertThat(c.stops).isEqualTo(1);
    f.clientConnectionLost(c, refused());
    clock.advance(10_000);
    assertThat(c.connects).isZero();
    assertThat(f.isTrying()).isFalse();
  }

  @Test
  void resetDelayStartsTheBackoffAgain() {
    ReconnectingClientFactory f = withoutJitter();
    CountingConnector c = new CountingConnector();
    f.clientConnectionFailed(c, refused());
    clock.advance(10);
    f.clientConnectionFailed(c, refused());
    clock.advance(10);
    f.resetDelay();
    assertThat(f.getDelay()).isEqualTo(1.0);
    assertThat(f.getRetries()).isZero();
    f.clientConnectionLost(c, refused());
    assertThat(f.getDelay()).isCloseTo(Math.E, offset(1e-9));
  }
}
