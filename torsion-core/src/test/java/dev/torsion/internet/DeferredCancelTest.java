package dev.torsion.internet;

import static dev.torsion.internet.DeferredAssertions.assertNoResult;
import static dev.torsion.internet.DeferredAssertions.failureResultOf;
import static dev.torsion.internet.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.internet.task.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cancellation and timeouts, ported from test_defer.py's DeferredCancellerTests and DeferredAddTimeoutTests. */
class DeferredCancelTest {
  private final List<Object> log = new ArrayList<>();
  private int cancellerCalls;

  @Test
  void cancelWithoutACancellerErrbacksWithCancelledError() {
    Deferred<String> d = new Deferred<>();
    d.cancel();
    failureResultOf(d, CancelledError.class);
  }

  @Test
  void withoutACancellerTheOperationsLateCallbackIsIgnoredOnce() {
    Deferred<String> d = new Deferred<>();
    d.cancel();
    d.callback("late"); // swallowed: the operation did not know it was cancelled
    assertThatThrownBy(() -> d.callback("again")).isInstanceOf(AlreadyCalledError.class);
    failureResultOf(d, CancelledError.class);
  }

  @Test
  void repeatedCancelsWithoutACancellerDoNothingMore() {
    Deferred<String> d = new Deferred<>();
    d.addErrback(f -> log.add(f.type()));
    d.cancel();
    d.cancel();
    assertThat(log).containsExactly(CancelledError.class);
  }

  @Test
  void aCancellerIsCalledWithTheDeferredAndThenCancelledErrorFollows() {
    Object[] got = new Object[1];
    Deferred<String> d =
        new Deferred<>(
            x -> {
              got[0] = x;
              cancellerCalls++;
            });
    d.cancel();
    assertThat(got[0]).isSameAs(d);
    assertThat(cancellerCalls).isEqualTo(1);
    failureResultOf(d, CancelledError.class);
  }

  @Test
  void aCancellerIsCalledOnceEvenIfCancelIsRepeated() {
    Deferred<String> d = new Deferred<>(x -> cancellerCalls++);
    d.cancel();
    d.cancel();
    assertThat(cancellerCalls).isEqualTo(1);
    failureResultOf(d, CancelledError.class);
  }

  @Test
  void afterACancellerRanALateCallbackIsAnError() {
    Deferred<String> d = new Deferred<>(x -> cancellerCalls++);
    d.cancel();
    assertThatThrownBy(() -> d.callback("late")).isInstanceOf(AlreadyCalledError.class);
    failureResultOf(d, CancelledError.class);
  }

  @Test
  void aCancellerThatErrbacksDecidesTheFailure() {
    Deferred<String> d = new Deferred<>(x -> x.errback(new ConnectionAborted("aborted")));
    d.cancel();
    failureResultOf(d, ConnectionAborted.class);
  }

  @Test
  void aCancellerThatCallbacksDecidesTheResult() {
    Deferred<String> d = new Deferred<>(x -> x.callback("partial"));
    d.cancel();
    assertThat(successResultOf(d)).isEqualTo("partial");
  }

  @Test
  void cancellingAFiredDeferredDoesNothing() {
    Deferred<String> d = new Deferred<>(x -> cancellerCalls++);
    d.callback("done");
    d.cancel();
    assertThat(cancellerCalls).isZero();
    assertThat(successResultOf(d)).isEqualTo("done");
    Deferred<String> failed = new Deferred<>(x -> cancellerCalls++);
    failed.errback(new IllegalStateException());
    failed.cancel();
    assertThat(cancellerCalls).isZero();
    failureResultOf(failed, IllegalStateException.class);
  }

  @Test
  void cancellingADeferredWaitingOnAnInnerOneCancelsTheInner() {
    Deferred<Object> b = new Deferred<>(x -> cancellerCalls++);
    Deferred<Object> a =
        new Deferred<>(
            x -> {
              throw new AssertionError("a's own canceller must not run");
            });
    a.callback(null);
    a.addCallback(data -> b);
    a.cancel();
    assertThat(cancellerCalls).isEqualTo(1);
    failureResultOf(a, CancelledError.class);
  }

  @Test
  void cancelReachesTheInnermostOfNestedWaits() {
    Deferred<Object> innermost = new Deferred<>(x -> cancellerCalls++);
    Deferred<Object> middle = Deferred.succeed(null);
    middle.addCallback(x -> innermost);
    Deferred<Object> outer = Deferred.succeed(null);
    outer.addCallback(x -> middle);
    outer.cancel();
    assertThat(cancellerCalls).isEqualTo(1);
    failureResultOf(outer, CancelledError.class);
  }

  @Test
  void cancellingTheTargetOfChainDeferredDoesNotReachBackToTheSource() {
    Deferred<String> source = new Deferred<>(x -> cancellerCalls++);
    Deferred<String> target = new Deferred<>();
    source.chainDeferred(target);
    target.cancel();
    failureResultOf(target, CancelledError.class);
    assertThat(cancellerCalls).isZero();
    source.callback("later"); // the target swallows this one late result, as Twisted does
    assertThat(successResultOf(source)).isNull();
  }

  // ---- addTimeout ----

  @Test
  void addTimeoutReturnsTheSameDeferred() {
    Clock clock = new Clock();
    Deferred<String> d = new Deferred<>();
    assertThat(d.addTimeout(10, clock)).isSameAs(d);
    d.callback("x");
  }

  @Test
  void aResultBeforeTheTimeoutPassesThroughAndCancelsTheTimer() {
    Clock clock = new Clock();
    Deferred<String> d = new Deferred<>();
    d.addTimeout(10, clock);
    clock.advance(5);
    d.callback("in time");
    assertThat(successResultOf(d)).isEqualTo("in time");
    assertThat(clock.getDelayedCalls()).isEmpty();
  }

  @Test
  void aFailureBeforeTheTimeoutPassesThroughAndCancelsTheTimer() {
    Clock clock = new Clock();
    Deferred<String> d = new Deferred<>();
    d.addTimeout(10, clock);
    d.errback(new ConnectionLost("lost"));
    failureResultOf(d, ConnectionLost.class);
    assertThat(clock.getDelayedCalls()).isEmpty();
  }

  @Test
  void timingOutCancelsAndFailsWithTimeoutError() {
    Clock clock = new Clock();
    Deferred<String> d = new Deferred<>(x -> cancellerCalls++);
    d.addTimeout(10, clock);
    clock.advance(9.99);
    assertNoResult(d);
    clock.advance(0.01);
    assertThat(cancellerCalls).isEqualTo(1);
    Failure f = failureResultOf(d, TimeoutError.class);
    assertThat(f.value().getCause()).isInstanceOf(CancelledError.class);
  }

  @Test
  void aCancellerThatSucceedsOnTimeoutGivesItsResult() {
    Clock clock = new Clock();
    Deferred<String> d = new Deferred<>(x -> x.callback("I was cancelled"));
    d.addTimeout(10, clock);
    clock.advance(15);
    assertThat(successResultOf(d)).isEqualTo("I was cancelled");
  }

  @Test
  void aCancellerThatFailsOtherwiseOnTimeoutKeepsItsFailure() {
    Clock clock = new Clock();
    Deferred<String> d = new Deferred<>(x -> x.errback(new IllegalStateException("custom")));
    d.addTimeout(10, clock);
    clock.advance(15);
    failureResultOf(d, IllegalStateException.class);
  }

  @Test
  void cancellingBeforeTheTimeoutGivesCancelledErrorNotTimeoutError() {
    Clock clock = new Clock();
    Deferred<String> d = new Deferred<>();
    d.addTimeout(10, clock);
    d.cancel();
    failureResultOf(d, CancelledError.class);
    assertThat(clock.getDelayedCalls()).isEmpty();
  }

  @Test
  void anErrbackAddedBeforeTheTimeoutSeesCancelledError() {
    Clock clock = new Clock();
    Deferred<String> d = new Deferred<>();
    d.addErrback(f -> log.add(f.type()) ? Failure.of(f) : null);
    d.addTimeout(10, clock);
    clock.advance(10);
    assertThat(log).containsExactly(CancelledError.class);
    failureResultOf(d, TimeoutError.class);
  }

  @Test
  void anErrbackBeforeTheTimeoutThatSwallowsTheCancelLeavesASuccess() {
    Clock clock = new Clock();
    Deferred<String> d = new Deferred<>();
    d.addErrback(f -> "swallowed");
    d.addTimeout(10, clock);
    clock.advance(10);
    assertThat(successResultOf(d)).isEqualTo("swallowed");
  }

  @Test
  void timingOutADeferredWaitingOnAnInnerOneCancelsTheInner() {
    Clock clock = new Clock();
    Deferred<Object> inner = new Deferred<>(x -> cancellerCalls++);
    Deferred<Object> outer = Deferred.succeed(null);
    outer.addCallback(x -> inner);
    outer.addTimeout(3, clock);
    clock.advance(3);
    assertThat(cancellerCalls).isEqualTo(1);
    failureResultOf(outer, TimeoutError.class);
  }
}
