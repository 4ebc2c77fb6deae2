package dev.torsion.internet;

import static dev.torsion.internet.DeferredAssertions.assertNoResult;
import static dev.torsion.internet.DeferredAssertions.failureResultOf;
import static dev.torsion.internet.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The callback-chain semantics of Twisted's Deferred, ported from test_defer.py. */
class DeferredTest {
  private final List<Object> log = new ArrayList<>();

  @Test
  void callbackRunsTheChainInOrderEachGettingThePreviousResult() {
    Deferred<Integer> d = new Deferred<>();
    d.addCallback(x -> x + 1).addCallback(x -> x * 10).addCallback(x -> log.add(x));
    assertThat(log).isEmpty();
    d.callback(1);
    assertThat(log).containsExactly(20);
  }

  @Test
  void callbacksAddedAfterFiringRunAtOnce() {
    Deferred<String> d = Deferred.succeed("done");
    d.addCallback(log::add);
    assertThat(log).containsExactly("done");
  }

  @Test
  void secondCallbackThrowsAlreadyCalled() {
    Deferred<String> d = new Deferred<>();
    d.callback("a");
    assertThatThrownBy(() -> d.callback("b")).isInstanceOf(AlreadyCalledError.class);
    assertThatThrownBy(() -> d.errback(new RuntimeException())).isInstanceOf(AlreadyCalledError.class);
  }

  @Test
  void errbackAfterErrbackThrowsAlreadyCalled() {
    Deferred<String> d = new Deferred<>();
    d.errback(new IOException("x"));
    d.addErrback(f -> null);
    assertThatThrownBy(() -> d.errback(new IOException("y"))).isInstanceOf(AlreadyCalledError.class);
    assertThatThrownBy(() -> d.callback("z")).isInstanceOf(AlreadyCalledError.class);
  }

  @Test
  void calledReportsWhetherItFired() {
    Deferred<String> d = new Deferred<>();
    assertThat(d.called()).isFalse();
    d.callback("x");
    assertThat(d.called()).isTrue();
  }

  @Test
  void aDeferredCannotBeACallbackValue() {
    Deferred<Object> d = new Deferred<>();
    assertThatThrownBy(() -> d.callback(new Deferred<>())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aThrowingCallbackSwitchesToTheErrbackPath() {
    Deferred<Integer> d = new Deferred<>();
    d.addCallback(x -> 1 / (x - x)).addCallback(x -> log.add("not here")).addErrback(f -> log.add(f.type()));
    d.callback(3);
    assertThat(log).containsExactly(ArithmeticException.class);
  }

  @Test
  void aCallbackReturningAFailureSwitchesToTheErrbackPath() {
    RuntimeException boom = new RuntimeException("boom");
    Deferred<Integer> d = Deferred.succeed(6);
    Failure f = failureResultOf(d.addCallback(x -> Failure.of(boom)), RuntimeException.class);
    assertThat(f.value()).isSameAs(boom);
  }

  @Test
  void anErrbackThatReturnsRecoversToTheCallbackPath() {
    Deferred<String> d = Deferred.<String>fail(new IOException("gone")).addErrback(f -> "fallback");
    assertThat(successResultOf(d)).isEqualTo("fallback");
  }

  @Test
  void anErrbackThatRethrowsStaysOnTheErrbackPath() {
    Deferred<String> d =
        Deferred.<String>fail(new IOException("gone"))
            .addErrback(
                f -> {
                  throw new IllegalStateException("worse", f.value());
                })
            .addCallback(x -> "not reached");
    assertThat(failureResultOf(d, IllegalStateException.class).getErrorMessage()).isEqualTo("worse");
  }

  @Test
  void trapOfAMatchingTypeRecovers() {
    Deferred<Object> d =
        Deferred.fail(new ConnectionRefusedError("no")).addErrback(
            f -> {
              f.trap(ConnectError.class);
              return "handled";
            });
    assertThat(successResultOf(d)).isEqualTo("handled");
  }

  @Test
  void trapOfANonMatchingTypePassesTheSameFailureOn() {
    IOException original = new IOException("disk");
    Deferred<Object> d =
        Deferred.fail(original).addErrback(
            f -> {
              f.trap(ConnectError.class, TimeoutError.class);
              return "handled";
            });
    Failure f = failureResultOf(d, IOException.class);
    assertThat(f.value()).isSameAs(original);
  }

  @Test
  void checkReturnsTheMatchingTypeOrNull() {
    Failure f = Failure.of(new ConnectionRefusedError("x"));
    assertThat(f.check(TimeoutError.class, ConnectError.class)).isEqualTo(ConnectError.class);
    assertThat(f.check(TimeoutError.class)).isNull();
    assertThat(f.getErrorMessage()).contains("x");
    assertThat(f.getTraceback()).contains("ConnectionRefusedError").contains("DeferredTest");
  }

  @Test
  void failureOfAFailureIsTheSameFailureAndFutureWrappersAreUnwrapped() {
    Failure f = Failure.of(new IOException("x"));
    assertThat(Failure.of(f)).isSameAs(f);
    IOException io = new IOException("inner");
    assertThat(Failure.of(new java.util.concurrent.CompletionException(io)).value()).isSameAs(io);
  }

  @Test
  void addCallbacksErrbackDoesNotSeeItsOwnCallbacksFailure() {
    Deferred<String> d = new Deferred<>();
    d.addCallbacks(
            x -> {
              throw new IOException("from callback");
            },
            f -> log.add("same-step errback"))
        .addErrback(f -> log.add("next errback: " + f.getErrorMessage()));
    d.callback("go");
    assertThat(log).containsExactly("next errback: from callback");
  }

  @Test
  void addCallbacksErrbackSeesAnEarlierFailure() {
    Deferred<String> d = new Deferred<>();
    d.addCallbacks(x -> log.add("callback"), f -> log.add("errback"));
    d.errback(new IOException());
    assertThat(log).containsExactly("errback");
  }

  @Test
  void addBothSeesResultsAndFailures() {
    Deferred<String> ok = Deferred.succeed("v");
    ok.addBoth(log::add);
    Deferred<String> bad = Deferred.fail(new IOException("e"));
    bad.addBoth(r -> log.add(((Failure) r).getErrorMessage()));
    assertThat(log).containsExactly("v", "e");
  }

  @Test
  void failFiresAnErrback() {
    Deferred<String> d = Deferred.fail(new IllegalStateException("fail"));
    d.addErrback(f -> log.add(f.value().getMessage()));
    assertThat(log).containsExactly("fail");
  }

  @Test
  void maybeDeferredWrapsValuesExceptionsAndDeferreds() {
    assertThat(successResultOf(Deferred.<Integer>maybeDeferred(() -> 5))).isEqualTo(5);
    failureResultOf(
        Deferred.maybeDeferred(
            () -> {
              throw new IOException();
            }),
        IOException.class);
    failureResultOf(Deferred.maybeDeferred(() -> Failure.of(new IOException())), IOException.class);
    Deferred<String> pending = new Deferred<>();
    assertThat(Deferred.<String>maybeDeferred(() -> pending)).isSameAs(pending);
  }

  // ---- returning Deferreds from callbacks ----

  @Test
  void aReturnedDeferredPausesTheChainUntilItFires() {
    Deferred<Integer> outer = new Deferred<>();
    Deferred<Integer> inner = new Deferred<>();
    outer.addDeferredCallback(x -> inner).addCallback(log::add);
    outer.callback(1);
    assertThat(log).isEmpty();
    inner.callback(2);
    assertThat(log).containsExactly(2);
  }

  @Test
  void aPausedReturnedDeferredHoldsTheOuterChainUntilUnpaused() {
    Deferred<Integer> d1 = new Deferred<>();
    Deferred<Integer> d2 = new Deferred<>();
    d2.pause();
    d1.addDeferredCallback(r -> d2).addCallback(log::add);
    d1.callback(1);
    d2.callback(2);
    assertThat(log).isEmpty();
    d2.unpause();
    assertThat(log).containsExactly(2);
  }

  @Test
  void aReturnedDeferredsFailureContinuesOnTheOuterErrbackPath() {
    Deferred<String> outer = Deferred.succeed("x");
    Deferred<String> inner = new Deferred<>();
    outer.addDeferredCallback(x -> inner);
    inner.errback(new IOException("inner failed"));
    assertThat(failureResultOf(outer, IOException.class).getErrorMessage()).isEqualTo("inner failed");
  }

  @Test
  void errbacksMayReturnDeferredsToo() {
    Deferred<Object> d = new Deferred<>();
    Deferred<String> d2 = new Deferred<>();
    d.addErrback(f -> d2).addCallback(log::add);
    d.errback(new IllegalArgumentException());
    assertNoResult(d);
    d2.callback("result");
    assertThat(log).containsExactly("result");
  }

  @Test
  void aChainedPausedDeferredWithAResultIsWaitedFor() {
    Deferred<String> paused = Deferred.succeed("expected");
    paused.pause();
    Deferred<Object> chained = new Deferred<>();
    chained.addCallback(ignored -> paused);
    chained.callback(null);
    chained.addCallback(log::add);
    assertThat(log).isEmpty();
    paused.unpause();
    assertThat(log).containsExactly("expected");
  }

  @Test
  void aPausedOuterDoesNotStopTheInnerRunningItsOwnCallbacks() {
    Deferred<Object> first = new Deferred<>();
    Deferred<Object> second = new Deferred<>();
    first.addCallback(ignored -> second);
    first.callback(null);
    first.pause();
    second.callback(null);
    second.addCallback(log::add);
    assertThat(log).containsExactly((Object) null);
  }

  @Test
  void innerCallbacksRunBeforeTheOuterGetsTheResult() {
    Deferred<String> inner = new Deferred<>();
    Deferred<String> outer = Deferred.succeed("outer");
    outer.addCallback(
        result -> {
          log.add("start-of-cb " + result);
          Deferred<String> d = Deferred.succeed("inner");
          d.addDeferredCallback(
                  r -> {
                    log.add("firstCallback");
                    return inner;
                  })
              .addCallback(
                  r -> {
                    log.add("secondCallback " + r);
                    return r + r;
                  });
          return d;
        });
    inner.callback("orange");
    outer.addCallback(log::add);
    assertThat(log)
        .containsExactly("start-of-cb outer", "firstCallback", "secondCallback orange", "orangeorange");
  }

  @Test
  void aCallbackAddedAfterAnImplicitChainRunsAfterTheInnerCallbacks() {
    Deferred<String> a = new Deferred<>();
    Deferred<Object> outer = new Deferred<>();
    outer.addCallback(
        result -> {
          log.add("cb " + result);
          Deferred<Object> d = new Deferred<>();
          Deferred<Object> returner =
              d.addDeferredCallback(
                      r -> {
                        log.add("firstCallback");
                        return Deferred.gatherResults(List.of(a));
                      })
                  .addCallback(r -> log.add("secondCallback " + r));
          d.callback(null);
          return returner;
        });
    outer.addCallback(x -> log.add("final"));
    outer.callback("outer");
    assertThat(log).containsExactly("cb outer", "firstCallback");
    a.callback("withers");
    assertThat(log).containsExactly("cb outer", "firstCallback", "secondCallback [withers]", "final");
  }

  @Test
  void threeDeferredsChainedInTurnDeliverToLateCallbacksOnTheMiddleOne() {
    Deferred<Object> first = new Deferred<>();
    Deferred<Object> second = new Deferred<>();
    Deferred<Object> third = new Deferred<>();
    first.addCallback(ignored -> second);
    second.addCallback(ignored -> third);
    second.callback(null);
    first.callback(null);
    third.callback(null);
    second.addCallback(log::add);
    assertThat(log).containsExactly((Object) null);
  }

  @Test
  void typingTheStepAfterAReturnedDeferredWronglyGivesAFailureThatSaysWhatToDo() {
    Deferred<String> inner = Deferred.succeed("text");
    Deferred<Object> d = Deferred.succeed(null);
    // Wrong: addCallback makes the next step's static type Deferred<String>, but it gets "text".
    Deferred<Integer> lengths = d.addCallback(x -> inner).addCallback(s -> s.hashCode());
    assertThat(failureResultOf(lengths, ClassCastException.class).getErrorMessage())
        .contains("addDeferredCallback");
  }

  @Test
  void aCallbackReturningItsOwnDeferredFails() {
    Deferred<Object> d = new Deferred<>();
    d.addCallback(x -> d);
    d.callback("x");
    failureResultOf(d, IllegalStateException.class);
  }

  // ---- re-entrancy ----

  @Test
  void aCallbackAddedByACallbackGoesToTheEndOfTheChain() {
    Deferred<Object> d = new Deferred<>();
    d.addCallback(
        r -> {
          log.add(1);
          d.addCallback(x -> log.add(3));
          assertThat(log).containsExactly(1); // not run re-entrantly
          return null;
        });
    d.addCallback(r -> log.add(2));
    d.callback(null);
    assertThat(log).containsExactly(1, 2, 3);
  }

  @Test
  void aFailingCallbackAddedByACallbackReachesTheNextErrback() {
    Deferred<Object> d = new Deferred<>();
    d.addCallback(
        r -> {
          d.addCallback(
              x -> {
                throw new IOException("callback raised exception");
              });
          return null;
        });
    d.callback(null);
    assertThat(failureResultOf(d, IOException.class).getErrorMessage()).isEqualTo("callback raised exception");
  }

  // ---- pause, unpause, chainDeferred ----

  @Test
  void pauseHoldsCallbacksUntilUnpause() {
    Deferred<String> d = Deferred.fail(new IOException("fail"));
    d.pause();
    d.addErrback(f -> log.add(f.getErrorMessage()));
    assertThat(log).isEmpty();
    d.unpause();
    assertThat(log).containsExactly("fail");
  }

  @Test
  void pausesNestAndOnlyTheLastUnpauseResumes() {
    Deferred<String> d = new Deferred<>();
    d.pause();
    d.pause();
    d.addCallback(log::add);
    d.callback("x");
    d.unpause();
    assertThat(log).isEmpty();
    d.unpause();
    assertThat(log).containsExactly("x");
    assertThatThrownBy(d::unpause).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void unpauseBeforeCallbackJustAllowsTheLaterCallback() {
    Deferred<String> d = new Deferred<>();
    d.pause();
    d.addCallback(log::add);
    d.unpause();
    assertThat(log).isEmpty();
    d.callback("later");
    assertThat(log).containsExactly("later");
  }

  @Test
  void pauseInsideACallbackStopsTheRestOfTheChain() {
    Deferred<String> d = new Deferred<>();
    d.addCallback(
            r -> {
              d.pause();
              return r + "!";
            })
        .addCallback(log::add);
    d.callback("x");
    assertThat(log).isEmpty();
    d.unpause();
    assertThat(log).containsExactly("x!");
  }

  @Test
  void chainDeferredForwardsTheResultAndLeavesNull() {
    Deferred<String> source = new Deferred<>();
    Deferred<String> target = new Deferred<>();
    target.addCallback(log::add);
    source.chainDeferred(target).addCallback(r -> log.add("source then " + r));
    source.callback("value");
    assertThat(log).containsExactly("value", "source then null");
  }

  @Test
  void chainDeferredForwardsAFailure() {
    Deferred<String> source = new Deferred<>();
    Deferred<String> target = new Deferred<>();
    source.chainDeferred(target);
    source.errback(new IOException("e"));
    assertThat(successResultOf(source)).isNull();
    failureResultOf(target, IOException.class);
  }

  @Test
  void toStringShowsTheStateAndWhatItWaitsOn() {
    Deferred<String> d = new Deferred<>();
    assertThat(d.toString()).contains("waiting");
    Deferred<String> inner = new Deferred<>();
    d.addDeferredCallback(x -> inner);
    d.callback("x");
    assertThat(d.toString()).contains("waiting on");
    inner.callback("orange");
    assertThat(d.toString()).contains("current result: orange");
  }
}
