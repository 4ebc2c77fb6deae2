package dev.torsion.internet;

import static dev.torsion.internet.Coroutine.await;
import static dev.torsion.internet.DeferredAssertions.assertNoResult;
import static dev.torsion.internet.DeferredAssertions.failureResultOf;
import static dev.torsion.internet.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.internet.task.Clock;
import dev.torsion.internet.task.Task;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Coroutine-style code with await (Twisted's inlineCallbacks/ensureDeferred tests, in spirit). */
class CoroutineTest {
  private final List<Object> log = new ArrayList<>();
  private Set<Thread> threadsBefore;

  @BeforeEach
  void recordThreads() {
    threadsBefore = Thread.getAllStackTraces().keySet();
  }

  @AfterEach
  void noCoroutineThreadLeftBehind() {
    Set<String> left =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> !threadsBefore.contains(t) && t.isAlive())
            .filter(t -> t.getName().startsWith("torsion-coroutine"))
            .map(Thread::getName)
            .collect(Collectors.toSet());
    assertThat(left).as("coroutine threads still alive").isEmpty();
  }

  @Test
  void aBodyThatNeverAwaitsFiresAtOnce() {
    Deferred<String> d = Coroutine.inlineCallbacks(() -> "plain");
    assertThat(successResultOf(d)).isEqualTo("plain");
  }

  @Test
  void awaitOnAFiredDeferredGoesOnWithoutWaiting() {
    Deferred<Integer> d = Coroutine.inlineCallbacks(() -> await(Deferred.succeed(20)) + await(Deferred.succeed(22)));
    assertThat(successResultOf(d)).isEqualTo(42);
  }

  @Test
  void awaitSuspendsUntilTheDeferredFiresAndCodeRunsInTurns() {
    Deferred<String> page = new Deferred<>();
    Deferred<Integer> count = new Deferred<>();
    Deferred<Integer> d =
        Coroutine.inlineCallbacks(
            () -> {
              log.add("start");
              String p = await(page);
              log.add("got " + p);
              int n = await(count);
              log.add("counted " + n);
              return p.length() + n;
            });
    assertThat(log).containsExactly("start");
    assertNoResult(d);
    page.callback("hello");
    assertThat(log).containsExactly("start", "got hello"); // the body ran up to the next await
    count.callback(3);
    assertThat(log).containsExactly("start", "got hello", "counted 3");
    assertThat(successResultOf(d)).isEqualTo(8);
  }

  @Test
  void theCodeBetweenAwaitsSeesTheCallersWritesAndViceVersa() {
    int[] shared = {0};
    Deferred<Object> tick = new Deferred<>();
    Deferred<Integer> d =
        Coroutine.inlineCallbacks(
            () -> {
              shared[0] = 1;
              await(tick);
              return shared[0] * 10;
            });
    assertThat(shared[0]).isEqualTo(1);
    shared[0] = 5; // written on the caller's thread while the body is suspended
    tick.callback(null);
    assertThat(successResultOf(d)).isEqualTo(50);
  }

  @Test
  void aFailedAwaitThrowsTheOriginalUncheckedException() {
    Deferred<String> d = new Deferred<>();
    Deferred<String> result =
        Coroutine.inlineCallbacks(
            () -> {
              try {
                return await(d);
              } catch (ConnectionRefusedError e) {
                return "recovered from " + e.getMessage();
              }
            });
    d.errback(new ConnectionRefusedError("refused"));
    assertThat(successResultOf(result)).isEqualTo("recovered from refused");
  }

  @Test
  void aFailedAwaitOfACheckedExceptionThrowsTheFailure() {
    Deferred<String> d = Deferred.fail(new IOException("disk"));
    Deferred<String> result =
        Coroutine.inlineCallbacks(
            () -> {
              try {
                return await(d);
              } catch (Failure f) {
                f.trap(IOException.class);
                return "io: " + f.getErrorMessage();
              }
            });
    assertThat(successResultOf(result)).isEqualTo("io: disk");
  }

  @Test
  void anExceptionFromTheBodyFailsTheResult() {
    Deferred<Object> tick = new Deferred<>();
    Deferred<Object> result =
        Coroutine.inlineCallbacks(
            () -> {
              await(tick);
              throw new IOException("body failed");
            });
    tick.callback(null);
    assertThat(failureResultOf(result, IOException.class).getErrorMessage()).isEqualTo("body failed");
  }

  @Test
  void awaitOutsideACoroutineIsAnError() {
    assertThatThrownBy(() -> await(Deferred.succeed(1))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void awaitOnAClockTimer() {
    Clock clock = new Clock();
    Deferred<String> result =
        Coroutine.inlineCallbacks(
            () -> {
              String a = await(Task.deferLater(clock, 1, () -> "a"));
              String b = await(Task.deferLater(clock, 2, () -> "b"));
              return a + b + clock.seconds();
            });
    clock.advance(1);
    assertNoResult(result);
    clock.advance(2);
    assertThat(successResultOf(result)).isEqualTo("ab3.0");
  }

  @Test
  void cancellingTheResultCancelsTheAwaitedDeferred() {
    int[] cancels = {0};
    Deferred<String> slow = new Deferred<>(x -> cancels[0]++);
    Deferred<String> result = Coroutine.inlineCallbacks(() -> await(slow));
    result.cancel();
    assertThat(cancels[0]).isEqualTo(1);
    failureResultOf(result, CancelledError.class);
  }

  @Test
  void aBodyThatCatchesTheCancellationDecidesTheResult() {
    Deferred<String> slow = new Deferred<>();
    Deferred<String> fallback = new Deferred<>();
    Deferred<String> result =
        Coroutine.inlineCallbacks(
            () -> {
              try {
                return await(slow);
              } catch (CancelledError e) {
                return "fallback " + await(fallback);
              }
            });
    result.cancel();
    assertNoResult(result); // still running: waiting for the fallback
    fallback.callback("value");
    assertThat(successResultOf(result)).isEqualTo("fallback value");
  }

  @Test
  void coroutinesNestAndAwaitEachOther() {
    Deferred<Integer> leaf = new Deferred<>();
    Deferred<Integer> outer =
        Coroutine.inlineCallbacks(
            () -> {
              Deferred<Integer> inner = Coroutine.inlineCallbacks(() -> await(leaf) * 2);
              return await(inner) + 1;
            });
    leaf.callback(20);
    assertThat(successResultOf(outer)).isEqualTo(41);
  }

  @Test
  void oneCoroutineFiringWhatAnotherAwaitsHandsOver() {
    Deferred<String> signal = new Deferred<>();
    Deferred<String> waiter = Coroutine.inlineCallbacks(() -> "got " + await(signal));
    Deferred<String> gate = new Deferred<>();
    Deferred<String> firer =
        Coroutine.inlineCallbacks(
            () -> {
              await(gate);
              signal.callback("ping");
              log.add("after firing");
              return "fired";
            });
    gate.callback(null);
    assertThat(successResultOf(waiter)).isEqualTo("got ping");
    assertThat(successResultOf(firer)).isEqualTo("fired");
  }

  @Test
  void tenThousandSequentialAwaitsOnUnfiredDeferreds() {
    List<Deferred<Integer>> steps = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      steps.add(new Deferred<>());
    }
    Deferred<Long> sum =
        Coroutine.inlineCallbacks(
            () -> {
              long total = 0;
              for (Deferred<Integer> step : steps) {
                total += await(step);
              }
              return total;
            });
    for (int i = 0; i < steps.size(); i++) {
      steps.get(i).callback(i);
    }
    assertThat(successResultOf(sum)).isEqualTo(10_000L * 9_999 / 2);
  }

  @Test
  void tenThousandSequentialAwaitsOnFiredDeferreds() {
    Deferred<Long> sum =
        Coroutine.inlineCallbacks(
            () -> {
              long total = 0;
              for (int i = 0; i < 10_000; i++) {
                total += await(Deferred.succeed(i));
              }
              return total;
            });
    assertThat(successResultOf(sum)).isEqualTo(10_000L * 9_999 / 2);
  }

  @Test
  void theAwaitedDeferredGoesOnWithNull() {
    Deferred<String> d = new Deferred<>();
    Coroutine.inlineCallbacks(() -> await(d));
    d.callback("x");
    assertThat(successResultOf(d)).isNull();
  }
}
