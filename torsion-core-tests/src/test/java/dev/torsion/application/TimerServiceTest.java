package dev.torsion.application;

import static dev.torsion.trial.Trial.assertNoResult;
import static dev.torsion.trial.Trial.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Log;
import dev.torsion.internet.task.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class TimerServiceTest {
  private final Clock clock = new Clock();

  @Test
  void callsAtOnceThenEveryIntervalWhileRunning() {
    int[] calls = {0};
    TimerService timer = new TimerService(clock, 10, () -> calls[0]++);
    timer.startService();
    assertThat(calls[0]).isEqualTo(1);
    clock.advance(10);
    clock.advance(10);
    assertThat(calls[0]).isEqualTo(3);

    Deferred<Void> stopped = timer.stopService();
    clock.advance(100);
    assertThat(calls[0]).isEqualTo(3);
    successResultOf(stopped);
    assertThat(clock.getDelayedCalls()).isEmpty();
  }

  @Test
  void stopWaitsForAPendingCallsDeferred() {
    Deferred<Void> slow = new Deferred<>();
    TimerService timer = new TimerService(clock, 5, () -> slow);
    timer.startService();
    Deferred<Void> stopped = timer.stopService();
    assertNoResult(stopped);
    slow.callback(null);
    successResultOf(stopped);
  }

  @Test
  void aFailingCallIsLoggedAndStopsTheTimer() throws Exception {
    List<Log.LoggedError> logged = new ArrayList<>();
    int[] calls = {0};
    try (AutoCloseable ignored = Log.addErrorObserver(logged::add)) {
      TimerService timer =
          new TimerService(clock, 1, () -> {
            calls[0]++;
            throw new IllegalStateException("boom");
          });
      timer.startService();
      clock.advance(5);
      assertThat(calls[0]).isEqualTo(1);
      assertThat(logged).hasSize(1);
      assertThat(logged.get(0).failure().getErrorMessage()).isEqualTo("boom");
      successResultOf(timer.stopService());
    }
  }
}
