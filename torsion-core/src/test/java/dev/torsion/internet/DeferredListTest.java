package dev.torsion.internet;

import static dev.torsion.internet.DeferredAssertions.assertNoResult;
import static dev.torsion.internet.DeferredAssertions.failureResultOf;
import static dev.torsion.internet.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DeferredList, gatherResults and race, ported from test_defer.py. */
class DeferredListTest {
  private int cancelled;

  @Test
  void collectsEveryOutcomeInInputOrder() {
    Deferred<String> d1 = new Deferred<>();
    Deferred<String> d2 = new Deferred<>();
    Deferred<String> d3 = new Deferred<>();
    DeferredList<String> dl = new DeferredList<>(List.of(d1, d2, d3));
    d1.callback("1");
    d2.errback(new IOException("2"));
    assertNoResult(dl);
    d3.callback("3");
    List<DeferredList.Outcome<String>> outcomes = successResultOf(dl);
    assertThat(outcomes).extracting(DeferredList.Outcome::success).containsExactly(true, false, true);
    assertThat(outcomes.get(0).value()).isEqualTo("1");
    assertThat(outcomes.get(1).failure().getErrorMessage()).isEqualTo("2");
    assertThat(outcomes.get(2).result()).isEqualTo("3");
    assertThat(outcomes).extracting(DeferredList.Outcome::index).containsExactly(0, 1, 2);
    // Without consumeErrors the failed input keeps its failure.
    failureResultOf(d2, IOException.class);
  }

  @Test
  void anEmptyListFiresAtOnceWithAnEmptyList() {
    assertThat(successResultOf(new DeferredList<String>(List.of()))).isEmpty();
  }

  @Test
  void anEmptyListWithFireOnOneCallbackNeverFires() {
    assertNoResult(new DeferredList<String>(List.of(), true, false, false));
  }

  @Test
  void alreadyFiredInputsAreCollected() {
    DeferredList<String> dl = new DeferredList<>(List.of(Deferred.succeed("a"), Deferred.succeed("b")));
    assertThat(successResultOf(dl)).extracting(DeferredList.Outcome::result).containsExactly("a", "b");
  }

  @Test
  void fireOnOneCallbackFiresWithTheFirstSuccessAndItsIndex() {
    Deferred<String> d1 = new Deferred<>();
    Deferred<String> d2 = new Deferred<>();
    DeferredList<String> dl = new DeferredList<>(List.of(d1, d2), true, false, false);
    d1.errback(new IOException());
    assertNoResult(dl);
    d2.callback("second");
    List<DeferredList.Outcome<String>> first = successResultOf(dl);
    assertThat(first).hasSize(1);
    assertThat(first.get(0).index()).isEqualTo(1);
    assertThat(first.get(0).value()).isEqualTo("second");
    failureResultOf(d1, IOException.class);
  }

  @Test
  void fireOnOneErrbackFailsWithFirstErrorAtTheFirstFailure() {
    Deferred<String> d1 = new Deferred<>();
    Deferred<String> d2 = new Deferred<>();
    DeferredList<String> dl = new DeferredList<>(List.of(d1, d2), false, true, false);
    d1.callback("ok");
    d2.errback(new IOException("from d2"));
    FirstError first = (FirstError) failureResultOf(dl, FirstError.class).value();
    assertThat(first.index()).isEqualTo(1);
    assertThat(first.subFailure().getErrorMessage()).isEqualTo("from d2");
    failureResultOf(d2, IOException.class);
  }

  @Test
  void fireOnOneErrbackWithAnAlreadyFailedInput() {
    DeferredList<String> dl =
        new DeferredList<>(List.of(Deferred.succeed("x"), Deferred.fail(new IOException())), false, true, true);
    assertThat(((FirstError) failureResultOf(dl, FirstError.class).value()).index()).isEqualTo(1);
  }

  @Test
  void consumeErrorsLeavesFailedInputsWithNull() {
    Deferred<String> d = new Deferred<>();
    DeferredList<String> dl = new DeferredList<>(List.of(d), false, false, true);
    d.errback(new IOException());
    assertThat(successResultOf(dl).get(0).success()).isFalse();
    assertThat(successResultOf(d)).isNull();
  }

  @Test
  void cancellingCancelsEveryInputAndCollectsTheirFailures() {
    Deferred<String> d1 = new Deferred<>(x -> cancelled++);
    Deferred<String> d2 = new Deferred<>(x -> cancelled++);
    DeferredList<String> dl = new DeferredList<>(List.of(d1, d2), false, false, true);
    dl.cancel();
    assertThat(cancelled).isEqualTo(2);
    assertThat(successResultOf(dl))
        .allSatisfy(o -> assertThat(o.failure().check(CancelledError.class)).isNotNull());
  }

  @Test
  void cancellingAFiredListDoesNothing() {
    Deferred<String> d1 = new Deferred<>(x -> cancelled++);
    Deferred<String> d2 = new Deferred<>(x -> cancelled++);
    DeferredList<String> dl = new DeferredList<>(List.of(d1, d2), true, false, false);
    d1.callback("first");
    dl.cancel();
    assertThat(cancelled).isZero();
    d2.callback("late");
  }

  @Test
  void aCancellerThatThrowsIsLoggedAndTheOthersStillCancel() throws Exception {
    List<Log.LoggedError> errors = new ArrayList<>();
    try (AutoCloseable ignored = Log.addErrorObserver(errors::add)) {
      Deferred<String> bad =
          new Deferred<>(
              x -> {
                throw new IllegalStateException("canceller broke");
              });
      Deferred<String> good = new Deferred<>(x -> cancelled++);
      DeferredList<String> dl = new DeferredList<>(List.of(bad, good), false, false, true);
      dl.cancel();
      assertThat(cancelled).isEqualTo(1);
      assertThat(errors).extracting(e -> e.failure().getErrorMessage()).contains("canceller broke");
      bad.callback("finally");
      assertThat(successResultOf(dl)).hasSize(2);
    }
  }

  // ---- gatherResults ----

  @Test
  void gatherResultsGivesTheResultsInOrder() {
    Deferred<Integer> a = new Deferred<>();
    Deferred<Integer> b = new Deferred<>();
    Deferred<List<Integer>> all = Deferred.gatherResults(List.of(a, b));
    b.callback(2);
    assertNoResult(all);
    a.callback(1);
    assertThat(successResultOf(all)).containsExactly(1, 2);
  }

  @Test
  void gatherResultsFailsWithTheFirstError() {
    Deferred<Integer> a = new Deferred<>();
    Deferred<Integer> b = new Deferred<>();
    Deferred<List<Integer>> all = Deferred.gatherResults(List.of(a, b), true);
    b.errback(new IOException("b broke"));
    FirstError e = (FirstError) failureResultOf(all, FirstError.class).value();
    assertThat(e.index()).isEqualTo(1);
    assertThat(e.subFailure().value()).hasMessage("b broke");
    assertThat(e).isEqualTo(new FirstError(e.subFailure(), 1));
    assertThat(successResultOf(b)).isNull(); // consumed
    a.callback(1); // late results are ignored
  }

  @Test
  void cancellingGatherResultsCancelsEveryInput() {
    Deferred<Integer> a = new Deferred<>(x -> cancelled++);
    Deferred<Integer> b = new Deferred<>(x -> cancelled++);
    Deferred<List<Integer>> all = Deferred.gatherResults(List.of(a, b), true);
    all.cancel();
    assertThat(cancelled).isEqualTo(2);
    FirstError e = (FirstError) failureResultOf(all, FirstError.class).value();
    assertThat(e.subFailure().check(CancelledError.class)).isNotNull();
  }

  // ---- race ----

  @Test
  void raceGivesTheFirstSuccessAndCancelsTheRest() {
    for (int before = 0; before <= 3; before++) {
      for (int after = 0; after <= 3; after++) {
        int[] cancels = new int[before + 1 + after];
        List<Deferred<Object>> ds = new ArrayList<>();
        for (int i = 0; i < cancels.length; i++) {
          int index = i;
          ds.add(new Deferred<>(x -> cancels[index]++));
        }
        Deferred<DeferredList.Outcome<Object>> race = Deferred.race(ds);
        Object expected = new Object();
        ds.get(before).callback(expected);
        DeferredList.Outcome<Object> winner = successResultOf(race);
        assertThat(winner.index()).isEqualTo(before);
        assertThat(winner.value()).isSameAs(expected);
        for (int i = 0; i < cancels.length; i++) {
          assertThat(cancels[i]).isEqualTo(i == before ? 0 : 1);
        }
      }
    }
  }

  @Test
  void raceFailsWithAllFailuresWhenEveryInputFails() {
    List<Deferred<Object>> ds = List.of(new Deferred<>(), new Deferred<>(), new Deferred<>());
    Deferred<DeferredList.Outcome<Object>> race = Deferred.race(ds);
    ds.get(2).errback(new IOException("c"));
    ds.get(0).errback(new IOException("a"));
    assertNoResult(race);
    ds.get(1).errback(new IOException("b"));
    FailureGroup group = (FailureGroup) failureResultOf(race, FailureGroup.class).value();
    assertThat(group.failures()).extracting(Failure::getErrorMessage).containsExactly("a", "b", "c");
  }

  @Test
  void aLoserFiringAfterItWasCancelledGoesNowhere() {
    List<Deferred<Object>> ds = List.of(new Deferred<>(), new Deferred<>());
    Deferred<DeferredList.Outcome<Object>> race = Deferred.race(ds);
    ds.get(0).callback("win");
    ds.get(1).callback("late"); // swallowed by the cancelled Deferred
    assertThat(successResultOf(race).value()).isEqualTo("win");
  }

  @Test
  void aLoserWhoseCancellerSucceedsDoesNotChangeTheWinner() {
    Deferred<Object> winner = new Deferred<>();
    Deferred<Object> other = new Deferred<>(d -> d.callback("from cancel"));
    Deferred<DeferredList.Outcome<Object>> race = Deferred.race(List.of(winner, other));
    winner.callback("expected");
    DeferredList.Outcome<Object> o = successResultOf(race);
    assertThat(o.index()).isZero();
    assertThat(o.value()).isEqualTo("expected");
  }

  @Test
  void cancellingARaceCancelsEveryInput() {
    int[] cancels = new int[3];
    List<Deferred<Object>> ds = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int index = i;
      ds.add(new Deferred<>(x -> cancels[index]++));
    }
    Deferred<DeferredList.Outcome<Object>> race = Deferred.race(ds);
    race.cancel();
    assertThat(cancels).containsExactly(1, 1, 1);
    failureResultOf(race, FailureGroup.class);
  }
}
