package dev.torsion.internet.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.internet.DelayedCall;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Clock, ported from test_task.py's ClockTests. */
class ClockTest {
  private final Clock clock = new Clock();
  private final List<Object> events = new ArrayList<>();

  @Test
  void secondsStartsAtZero() {
    assertThat(clock.seconds()).isZero();
  }

  @Test
  void callLaterReturnsADelayedCallAtTheRightTime() {
    DelayedCall c = clock.callLater(1, () -> {});
    assertThat(c.getTime()).isEqualTo(1);
    assertThat(c.active()).isTrue();
  }

  @Test
  void advanceMovesTimeAndRunsDueCalls() {
    clock.callLater(2, () -> events.add("two"));
    clock.advance(1);
    assertThat(clock.seconds()).isEqualTo(1);
    assertThat(events).isEmpty();
    clock.advance(1);
    assertThat(events).containsExactly("two");
    assertThat(clock.getDelayedCalls()).isEmpty();
  }

  @Test
  void cancelledCallsDoNotRun() {
    DelayedCall c = clock.callLater(1, () -> events.add("x"));
    c.cancel();
    clock.advance(1);
    assertThat(events).isEmpty();
  }

  @Test
  void callLaterKeepsCallsOrderedAndGetDelayedCallsSortsThem() {
    DelayedCall three = clock.callLater(3, () -> events.add(3));
    DelayedCall two = clock.callLater(2, () -> events.add(2));
    assertThat(clock.getDelayedCalls()).containsExactly(two, three);
    clock.advance(3);
    assertThat(events).containsExactly(2, 3);
  }

  @Test
  void resetAndDelayReorderCalls() {
    DelayedCall a = clock.callLater(2, () -> events.add("a"));
    clock.callLater(3, () -> events.add("b"));
    a.reset(4);
    clock.advance(3);
    assertThat(events).containsExactly("b");
    a.delay(1); // 4 -> 5
    clock.advance(1.5);
    assertThat(events).containsExactly("b");
    clock.advance(0.5);
    assertThat(events).containsExactly("b", "a");
  }

  @Test
  void aCallScheduledWithNoDelayDuringAdvanceRunsInTheSameAdvance() {
    clock.callLater(1, () -> clock.callLater(0, () -> events.add("nested")));
    clock.advance(1);
    assertThat(events).containsExactly("nested");
  }

  @Test
  void pumpAdvancesStepByStep() {
    clock.callLater(1.5, () -> events.add(clock.seconds()));
    clock.pump(1, 1, 1);
    assertThat(events).containsExactly(2.0);
    assertThat(clock.seconds()).isEqualTo(3);
  }

  @Test
  void advancingBackwardsIsAnError() {
    assertThatThrownBy(() -> clock.advance(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
