package dev.torsion.internet.task;

import static dev.torsion.internet.DeferredAssertions.assertNoResult;
import static dev.torsion.internet.DeferredAssertions.failureResultOf;
import static dev.torsion.internet.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.internal.TimerQueue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Cooperator and CooperativeTask, ported from test_cooperator.py. */
class CooperatorTest {
  private final Clock clock = new Clock();
  private final List<Object> work = new ArrayList<>();

  /** A task that records {@code name + i} for each unit of work. */
  private Iterator<Object> task(String name, int units) {
    return IntStream.range(0, units).<Object>mapToObj(i -> work.add(name + i)).iterator();
  }

  /** A Cooperator that does {@code units} units per step and steps on each clock turn. */
  private Cooperator stepping(int units) {
    return new Cooperator(
        fn -> clock.callLater(1, fn), // one step per simulated second, so tests can count steps
        () -> {
          int[] left = {units};
          BooleanSupplier enough = () -> --left[0] <= 0;
          return enough;
        },
        true);
  }

  @Test
  void runsATaskToCompletionAndFiresWhenDoneWithTheIterator() {
    Cooperator coop = new Cooperator(clock);
    Iterator<Object> it = task("a", 5);
    Deferred<Iterator<Object>> done = coop.coiterate(it);
    assertThat(work).isEmpty(); // nothing runs until the reactor turns
    clock.advance(0);
    assertThat(work).containsExactly("a0", "a1", "a2", "a3", "a4");
    assertThat(successResultOf(done)).isSameAs(it);
    assertThat(clock.getDelayedCalls()).isEmpty();
  }

  @Test
  void tasksShareEachStepInRoundRobin() {
    Cooperator coop = stepping(3);
    coop.cooperate(task("a", 3));
    coop.cooperate(task("b", 3));
    clock.advance(1);
    assertThat(work).containsExactly("a0", "b0", "a1");
    clock.advance(1);
    assertThat(work).containsExactly("a0", "b0", "a1", "b1", "a2", "b2");
  }

  @Test
  void aTimeSliceBoundsEachStep() {
    Cooperator coop = stepping(2);
    coop.cooperate(task("a", 10));
    clock.advance(1);
    assertThat(work).hasSize(2);
    clock.advance(1);
    assertThat(work).hasSize(4);
  }

  @Test
  void pauseAndResume() {
    Cooperator coop = stepping(1);
    CooperativeTask t = coop.cooperate(task("a", 3));
    clock.advance(1);
    t.pause();
    t.pause();
    clock.advance(5);
    assertThat(work).containsExactly("a0");
    t.resume();
    clock.advance(1);
    assertThat(work).containsExactly("a0");
    t.resume();
    clock.advance(1);
    assertThat(work).containsExactly("a0", "a1");
    assertThatThrownBy(t::resume).isInstanceOf(NotPaused.class);
  }

  @Test
  void stopEndsTheTaskWithTaskStopped() {
    Cooperator coop = stepping(1);
    CooperativeTask t = coop.cooperate(task("a", 3));
    Deferred<Iterator<?>> done = t.whenDone();
    t.stop();
    failureResultOf(done, TaskStopped.class);
    clock.advance(5);
    assertThat(work).isEmpty();
    assertThatThrownBy(t::stop).isInstanceOf(TaskStopped.class);
    assertThatThrownBy(t::pause).isInstanceOf(TaskStopped.class);
    failureResultOf(t.whenDone(), TaskStopped.class);
  }

  @Test
  void anIteratorThatThrowsFailsTheTask() {
    Cooperator coop = new Cooperator(clock);
    Iterator<Object> failing =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public Object next() {
            throw new IllegalStateException("unit failed");
          }
        };
    CooperativeTask t = coop.cooperate(failing);
    Deferred<Iterator<?>> done = t.whenDone();
    clock.advance(0);
    failureResultOf(done, IllegalStateException.class);
    assertThatThrownBy(t::pause).isInstanceOf(TaskFailed.class);
  }

  @Test
  void aYieldedDeferredPausesTheTaskUntilItFires() {
    Cooperator coop = stepping(10);
    Deferred<Object> wait = new Deferred<>();
    Iterator<Object> it = List.<Object>of("first", wait, "third").iterator();
    List<Object> seen = new ArrayList<>();
    Iterator<Object> recording =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return it.hasNext();
          }

          @Override
          public Object next() {
            Object o = it.next();
            seen.add(o);
            return o;
          }
        };
    Deferred<Iterator<Object>> done = coop.coiterate(recording);
    clock.advance(5);
    assertThat(seen).containsExactly("first", wait);
    assertNoResult(done);
    wait.callback(null);
    clock.advance(1);
    assertThat(seen).containsExactly("first", wait, "third");
    successResultOf(done);
  }

  @Test
  void aYieldedDeferredThatFailsFailsTheTask() {
    Cooperator coop = new Cooperator(clock);
    Deferred<Object> bad = new Deferred<>();
    Deferred<Iterator<Object>> done = coop.coiterate(List.<Object>of(bad, "never").iterator());
    clock.advance(0);
    bad.errback(new IOException("async unit failed"));
    failureResultOf(done, IOException.class);
  }

  @Test
  void stoppingTheCooperatorFailsEveryTaskWithSchedulerStopped() {
    Cooperator coop = stepping(1);
    Deferred<Iterator<Object>> a = coop.coiterate(task("a", 3));
    Deferred<Iterator<Object>> b = coop.coiterate(task("b", 3));
    coop.stop();
    failureResultOf(a, SchedulerStopped.class);
    failureResultOf(b, SchedulerStopped.class);
    assertThat(clock.getDelayedCalls()).isEmpty();
    assertThat(coop.isRunning()).isFalse();
    failureResultOf(coop.coiterate(task("c", 1)), SchedulerStopped.class);
  }

  @Test
  void aCooperatorNotStartedQueuesTasksUntilStart() {
    Cooperator coop = new Cooperator(fn -> clock.callLater(0, fn), () -> () -> false, false);
    Deferred<Iterator<Object>> done = coop.coiterate(task("a", 2));
    clock.advance(1);
    assertThat(work).isEmpty();
    coop.start();
    clock.advance(0);
    assertThat(work).containsExactly("a0", "a1");
    successResultOf(done);
  }

  @Test
  void theDefaultSliceYieldsToTheReactorAfterEachTurn() {
    // A reactor's turn: one TimerQueue.runDue, then I/O. Calls scheduled with delay 0 during a
    // turn wait for the next one, so an endless task still lets each turn end.
    TimerQueue timers = new TimerQueue(() -> 0);
    ReactorTime reactorTime =
        new ReactorTime() {
          @Override
          public double seconds() {
            return 0;
          }

          @Override
          public DelayedCall callLater(double delaySeconds, Runnable fn) {
            return timers.schedule(delaySeconds, fn);
          }

          @Override
          public List<DelayedCall> getDelayedCalls() {
            return timers.pending();
          }
        };
    Cooperator coop = new Cooperator(reactorTime);
    Iterator<Object> endless =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public Object next() {
            work.add(1);
            return null;
          }
        };
    CooperativeTask t = coop.cooperate(endless);
    assertThat(timers.runDue()).isEqualTo(1); // one slice, then back to the "reactor"
    int afterOneTurn = work.size();
    assertThat(afterOneTurn).isPositive();
    assertThat(timers.size()).isEqualTo(1); // the next slice is scheduled
    timers.runDue();
    assertThat(work.size()).isGreaterThan(afterOneTurn);
    t.stop();
    assertThat(timers.size()).isZero();
  }
}
