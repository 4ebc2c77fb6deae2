package dev.torsion.internet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.internet.AlreadyCalledError;
import dev.torsion.internet.AlreadyCancelledError;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Log;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimerQueueTest {
  private double now;
  private final TimerQueue queue = new TimerQueue(() -> now);
  private final List<Object> ran = new ArrayList<>();

  @Test
  void anEmptyQueueHasAnInfiniteDeadline() {
    assertThat(queue.nextDeadline()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(queue.runDue()).isZero();
  }

  @Test
  void runsDueCallsInTimeOrderWithTiesInSchedulingOrder() {
    queue.schedule(3, () -> ran.add("c"));
    queue.schedule(1, () -> ran.add("a1"));
    queue.schedule(1, () -> ran.add("a2"));
    queue.schedule(2, () -> ran.add("b"));
    queue.schedule(-5, () -> ran.add("negative is zero"));
    assertThat(queue.nextDeadline()).isEqualTo(0);
    now = 2;
    assertThat(queue.runDue()).isEqualTo(4);
    assertThat(ran).containsExactly("negative is zero", "a1", "a2", "b");
    assertThat(queue.size()).isEqualTo(1);
    assertThat(queue.nextDeadline()).isEqualTo(3);
  }

  @Test
  void callsScheduledDuringRunDueWithNoDelayWaitForTheNextRunDue() {
    queue.schedule(0, () -> queue.schedule(0, () -> ran.add("next turn")));
    assertThat(queue.runDue()).isEqualTo(1);
    assertThat(ran).isEmpty();
    assertThat(queue.runDue()).isEqualTo(1);
    assertThat(ran).containsExactly("next turn");
  }

  @Test
  void aThrowingCallIsLoggedAndTheRestStillRun() throws Exception {
    List<Log.LoggedError> errors = new ArrayList<>();
    try (AutoCloseable ignored = Log.addErrorObserver(errors::add)) {
      queue.schedule(0, () -> {
        throw new IllegalStateException("boom");
      });
      queue.schedule(0, () -> ran.add("after"));
      assertThat(queue.runDue()).isEqualTo(2);
    }
    assertThat(ran).containsExactly("after");
    assertThat(errors).extracting(e -> e.failure().getErrorMessage()).containsExactly("boom");
  }

  @Test
  void cancelRemovesTheCallAndASecondCancelThrows() {
    DelayedCall call = queue.schedule(1, () -> ran.add("x"));
    call.cancel();
    assertThat(call.active()).isFalse();
    assertThat(queue.size()).isZero();
    assertThatThrownBy(call::cancel).isInstanceOf(AlreadyCancelledError.class).hasMessageContaining("cancelled");
    assertThatThrownBy(() -> call.reset(1)).isInstanceOf(AlreadyCancelledError.class);
    assertThatThrownBy(() -> call.delay(1)).isInstanceOf(AlreadyCancelledError.class);
    now = 5;
    queue.runDue();
    assertThat(ran).isEmpty();
  }

  @Test
  void cancellingACallThatRanThrows() {
    DelayedCall call = queue.schedule(0, () -> ran.add("x"));
    queue.runDue();
    assertThat(call.active()).isFalse();
    assertThatThrownBy(call::cancel)
        .isInstanceOf(AlreadyCalledError.class)
        .isNotInstanceOf(AlreadyCancelledError.class)
        .hasMessageContaining("ran");
    assertThatThrownBy(() -> call.reset(1)).isInstanceOf(AlreadyCalledError.class);
    assertThatThrownBy(() -> call.delay(1)).isInstanceOf(AlreadyCalledError.class);
  }

  @Test
  void resetAndDelayMoveTheCall() {
    DelayedCall a = queue.schedule(5, () -> ran.add("a"));
    DelayedCall b = queue.schedule(10, () -> ran.add("b"));
    now = 4;
    a.reset(10); // now at 14
    b.delay(-8); // now at 2: overdue
    assertThat(a.getTime()).isEqualTo(14);
    assertThat(b.getTime()).isEqualTo(2);
    assertThat(queue.runDue()).isEqualTo(1);
    assertThat(ran).containsExactly("b");
    now = 14;
    queue.runDue();
    assertThat(ran).containsExactly("b", "a");
  }

  @Test
  void cancelAllEmptiesTheQueue() {
    DelayedCall a = queue.schedule(1, () -> ran.add("a"));
    queue.schedule(2, () -> ran.add("b"));
    queue.cancelAll();
    assertThat(queue.size()).isZero();
    assertThat(queue.pending()).isEmpty();
    assertThat(a.active()).isFalse();
    assertThatThrownBy(a::cancel).isInstanceOf(AlreadyCalledError.class);
  }

  @Test
  void aHundredThousandTimersWithRandomResetsAndCancelsRunInOrder() {
    Random random = new Random(42);
    int n = 100_000;
    List<DelayedCall> calls = new ArrayList<>(n);
    List<Double> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      DelayedCall[] self = new DelayedCall[1];
      self[0] = queue.schedule(random.nextDouble() * 100, () -> order.add(self[0].getTime()));
      calls.add(self[0]);
    }
    int cancelled = 0;
    for (int i = 0; i < n; i++) {
      DelayedCall c = calls.get(random.nextInt(n));
      if (!c.active()) {
        continue;
      }
      if (random.nextBoolean()) {
        c.reset(random.nextDouble() * 100);
      } else {
        c.cancel();
        cancelled++;
      }
    }
    assertThat(queue.size()).isEqualTo(n - cancelled);
    now = 100;
    assertThat(queue.runDue()).isEqualTo(n - cancelled);
    assertThat(order).isSorted();
  }
}
