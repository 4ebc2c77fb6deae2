package dev.torsion.internet.task;

import static dev.torsion.internet.DeferredAssertions.assertNoResult;
import static dev.torsion.internet.DeferredAssertions.failureResultOf;
import static dev.torsion.internet.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.internet.Deferred;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LoopingCall, ported from test_task.py's LoopTests. */
class LoopingCallTest {
  private final Clock clock = new Clock();
  private final List<Object> times = new ArrayList<>();

  @Test
  void callsAtOnceThenEveryInterval() {
    LoopingCall lc = new LoopingCall(clock, () -> times.add(clock.seconds()));
    Deferred<LoopingCall> d = lc.start(1);
    assertThat(times).containsExactly(0.0);
    clock.pump(1, 1, 1);
    assertThat(times).containsExactly(0.0, 1.0, 2.0, 3.0);
    lc.stop();
    assertThat(successResultOf(d)).isSameAs(lc);
    assertThat(clock.getDelayedCalls()).isEmpty();
  }

  @Test
  void aDelayedStartWaitsOneInterval() {
    LoopingCall lc = new LoopingCall(clock, () -> times.add(clock.seconds()));
    lc.start(2, false);
    assertThat(times).isEmpty();
    clock.advance(2);
    assertThat(times).containsExactly(2.0);
    lc.stop();
  }

  @Test
  void aNegativeIntervalIsRejected() {
    LoopingCall lc = new LoopingCall(clock, () -> null);
    assertThatThrownBy(() -> lc.start(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(lc.isRunning()).isFalse();
  }

  @Test
  void stopAtOnceFromTheFirstCallFiresTheDeferred() {
    LoopingCall[] lc = new LoopingCall[1];
    lc[0] =
        new LoopingCall(
            clock,
            () -> {
              lc[0].stop();
              return null;
            });
    Deferred<LoopingCall> d = lc[0].start(0);
    assertThat(successResultOf(d)).isSameAs(lc[0]);
  }

  @Test
  void stoppingBeforeADelayedStartFiresTheDeferred() {
    LoopingCall lc = new LoopingCall(clock, () -> times.add("never"));
    Deferred<LoopingCall> d = lc.start(10, false);
    lc.stop();
    assertThat(successResultOf(d)).isSameAs(lc);
    clock.advance(10);
    assertThat(times).isEmpty();
  }

  @Test
  void startingTwiceOrStoppingTwiceIsAnError() {
    LoopingCall lc = new LoopingCall(clock, () -> null);
    lc.start(1);
    assertThatThrownBy(() -> lc.start(1)).isInstanceOf(IllegalStateException.class);
    lc.stop();
    assertThatThrownBy(lc::stop).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFailureStopsTheLoopAndFailsTheDeferred() {
    int[] calls = {0};
    LoopingCall lc =
        new LoopingCall(
            clock,
            () -> {
              if (++calls[0] == 3) {
                throw new IOException("third call failed");
              }
              return null;
            });
    Deferred<LoopingCall> d = lc.start(1);
    clock.pump(1, 1);
    assertThat(failureResultOf(d, IOException.class).getErrorMessage()).isEqualTo("third call failed");
    assertThat(lc.isRunning()).isFalse();
    clock.advance(5);
    assertThat(calls[0]).isEqualTo(3);
    assertThat(clock.getDelayedCalls()).isEmpty();
  }

  @Test
  void aReturnedDeferredDelaysTheNextCallUntilItFires() {
    List<Deferred<Object>> pending = new ArrayList<>();
    LoopingCall lc =
        new LoopingCall(
            clock,
            () -> {
              times.add(clock.seconds());
              Deferred<Object> d = new Deferred<>();
              pending.add(d);
              return d;
            });
    lc.start(1);
    clock.pump(1, 1, 1);
    assertThat(times).containsExactly(0.0); // waiting for the first call's Deferred
    pending.get(0).callback(null); // at t=3: the next slot on the grid is t=4
    clock.advance(0.5);
    assertThat(times).containsExactly(0.0);
    clock.advance(0.5);
    assertThat(times).containsExactly(0.0, 4.0);
  }

  @Test
  void stopWhileAReturnedDeferredIsPendingFiresWhenItFires() {
    Deferred<Object> work = new Deferred<>();
    LoopingCall lc = new LoopingCall(clock, () -> work);
    Deferred<LoopingCall> d = lc.start(1);
    lc.stop();
    assertNoResult(d);
    work.callback(null);
    assertThat(successResultOf(d)).isSameAs(lc);
  }

  @Test
  void aFailedReturnedDeferredFailsTheLoop() {
    LoopingCall lc = new LoopingCall(clock, () -> Deferred.fail(new IOException("async failure")));
    failureResultOf(lc.start(1), IOException.class);
  }

  @Test
  void reactorTimeSkipsGoToTheNextFutureSlot() {
    LoopingCall lc = new LoopingCall(clock, () -> times.add(clock.seconds()));
    lc.start(0.5);
    clock.advance(2);
    assertThat(times).containsExactly(0.0, 2.0);
    clock.advance(1);
    assertThat(times).containsExactly(0.0, 2.0, 3.0);
    clock.advance(0);
    assertThat(times).containsExactly(0.0, 2.0, 3.0);
    lc.stop();
  }

  @Test
  void aSlowCallbackSkipsTheSlotsItOverran() {
    double[] duration = {2};
    LoopingCall lc =
        new LoopingCall(
            clock,
            () -> {
              times.add(clock.seconds());
              clock.advance(duration[0]);
              return null;
            });
    lc.start(0.5);
    assertThat(times).containsExactly(0.0);
    assertThat(clock.seconds()).isEqualTo(2);
    clock.advance(0);
    assertThat(times).containsExactly(0.0);
    duration[0] = 1;
    clock.advance(0.5);
    assertThat(times).containsExactly(0.0, 2.5);
    assertThat(clock.seconds()).isEqualTo(3.5);
    duration[0] = 0;
    clock.advance(0.5);
    assertThat(times).containsExactly(0.0, 2.5, 4.0);
    lc.stop();
  }

  @Test
  void withCountReportsSkippedBeats() {
    LoopingCall lc = LoopingCall.withCount(clock, n -> times.add(List.of(clock.seconds(), n)));
    lc.start(0.5);
    clock.advance(0.51);
    clock.advance(1.51);
    clock.advance(0);
    assertThat(times).containsExactly(List.of(0.0, 1), List.of(0.51, 1), List.of(2.02, 3));
    lc.stop();
  }

  @Test
  void withCountDoesNotCountALateButNotSkippedBeat() {
    LoopingCall lc = LoopingCall.withCount(clock, n -> times.add(n));
    lc.start(0.5);
    clock.advance(0.51);
    clock.advance(0.5 * 1.75);
    clock.advance(0.5 * 0.25);
    assertThat(times).containsExactly(1, 1, 1, 1);
    lc.stop();
  }

  @Test
  void withCountNeverPassesZeroAtFloatingPointBoundaries() {
    List<Integer> counts = new ArrayList<>();
    LoopingCall lc = LoopingCall.withCount(clock, counts::add);
    double interval = 1.0 / 10;
    lc.start(interval, false);
    double sum = 0;
    for (int i = 0; i < 10; i++) {
      clock.advance(interval);
      sum += interval;
    }
    double epsilon = 1.0 - sum;
    assertThat(Math.abs(epsilon)).isGreaterThan(0);
    clock.advance(epsilon);
    assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(10);
    assertThat(counts).doesNotContain(0);
    lc.stop();
  }

  @Test
  void withCountAtIntervalZeroAlwaysCountsOne() {
    List<Integer> counts = new ArrayList<>();
    LoopingCall[] lc = new LoopingCall[1];
    lc[0] =
        LoopingCall.withCount(
            clock,
            n -> {
              counts.add(n);
              if (counts.size() > 4) {
                lc[0].stop();
              }
              return null;
            });
    Deferred<LoopingCall> d = lc[0].start(0, false);
    clock.advance(0);
    successResultOf(d);
    assertThat(counts).containsExactly(1, 1, 1, 1, 1);
  }

  @Test
  void resetSkipsTheNextCallAndRestartsTheGrid() {
    LoopingCall lc = new LoopingCall(clock, () -> times.add(clock.seconds()));
    lc.start(2, false);
    clock.advance(1);
    lc.reset();
    clock.advance(1);
    assertThat(times).isEmpty();
    clock.advance(1);
    assertThat(times).containsExactly(3.0);
    lc.stop();
  }
}
