package dev.torsion.internet.task;

import static dev.torsion.internet.DeferredAssertions.assertNoResult;
import static dev.torsion.internet.DeferredAssertions.failureResultOf;
import static dev.torsion.internet.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.CancelledError;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Log;
import dev.torsion.internet.Reactor;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** deferLater and react (test_task.py's DeferLaterTests and ReactTests). */
class TaskTest {
  private final Clock clock = new Clock();

  @Test
  void deferLaterCallsTheFunctionAfterTheDelay() {
    List<Double> calledAt = new ArrayList<>();
    Deferred<String> d =
        Task.deferLater(
            clock,
            3,
            () -> {
              calledAt.add(clock.seconds());
              return "result";
            });
    clock.advance(2.9);
    assertNoResult(d);
    clock.advance(0.1);
    assertThat(calledAt).containsExactly(3.0);
    assertThat(successResultOf(d)).isEqualTo("result");
  }

  @Test
  void deferLaterWithNoFunctionFiresWithNull() {
    Deferred<Object> d = Task.deferLater(clock, 1, null);
    clock.advance(1);
    assertThat(successResultOf(d)).isNull();
  }

  @Test
  void deferLaterFailsWithTheFunctionsException() {
    Deferred<Object> d =
        Task.deferLater(
            clock,
            1,
            () -> {
              throw new IOException("later");
            });
    clock.advance(1);
    failureResultOf(d, IOException.class);
  }

  @Test
  void cancellingDeferLaterCancelsTheCallAndTheFunctionNeverRuns() {
    boolean[] ran = {false};
    Deferred<Object> d =
        Task.deferLater(
            clock,
            1,
            () -> {
              ran[0] = true;
              return null;
            });
    d.cancel();
    failureResultOf(d, CancelledError.class);
    assertThat(clock.getDelayedCalls()).isEmpty();
    clock.advance(1);
    assertThat(ran[0]).isFalse();
  }

  // ---- react, on a stand-in reactor driven by a Clock ----

  /** A reactor with only what react() uses: run() advances the clock until stop(). */
  private static final class FakeReactor {
    final Clock clock = new Clock();
    final List<Callable<?>> shutdownTriggers = new ArrayList<>();
    boolean running;
    boolean stopped;
    int stopCalls;

    Reactor proxy() {
      return (Reactor)
          Proxy.newProxyInstance(
              Reactor.class.getClassLoader(),
              new Class<?>[] {Reactor.class},
              (p, method, args) -> {
                switch (method.getName()) {
                  case "callLater":
                    return clock.callLater((Double) args[0], (Runnable) args[1]);
                  case "seconds":
                    return clock.seconds();
                  case "callWhenRunning":
                    clock.callLater(0, (Runnable) args[0]);
                    return null;
                  case "addSystemEventTrigger":
                    shutdownTriggers.add((Callable<?>) args[2]);
                    return new Object();
                  case "stop":
                    stopCalls++;
                    for (Callable<?> t : shutdownTriggers) {
                      t.call();
                    }
                    stopped = true;
                    return null;
                  case "run":
                    running = true;
                    for (int i = 0; i < 1000 && !stopped; i++) {
                      clock.advance(1);
                    }
                    running = false;
                    return null;
                  default:
                    throw new UnsupportedOperationException(method.getName());
                }
              });
    }
  }

  @Test
  void reactRunsUntilMainsDeferredSucceedsAndReturnsZero() {
    FakeReactor fake = new FakeReactor();
    int status = Task.react(fake.proxy(), r -> Task.deferLater(r, 5, () -> "done"));
    assertThat(status).isZero();
    assertThat(fake.clock.seconds()).isBetween(5.0, 7.0);
    assertThat(fake.stopCalls).isEqualTo(1);
  }

  @Test
  void reactReturnsOneAndLogsWhenMainFails() throws Exception {
    List<Log.LoggedError> errors = new ArrayList<>();
    FakeReactor fake = new FakeReactor();
    int status;
    try (AutoCloseable ignored = Log.addErrorObserver(errors::add)) {
      status =
          Task.react(
              fake.proxy(),
              r ->
                  Task.deferLater(
                      r,
                      2,
                      () -> {
                        throw new IOException("main broke");
                      }));
    }
    assertThat(status).isEqualTo(1);
    assertThat(errors).extracting(e -> e.failure().getErrorMessage()).containsExactly("main broke");
  }

  @Test
  void reactWithAMainThatThrowsAtOnceReturnsOne() throws Exception {
    FakeReactor fake = new FakeReactor();
    try (AutoCloseable ignored = Log.addErrorObserver(e -> {})) {
      int status =
          Task.react(
              fake.proxy(),
              r -> {
                throw new IllegalStateException("no main");
              });
      assertThat(status).isEqualTo(1);
    }
  }

  @Test
  void reactWithAnAlreadyFiredDeferredStillStopsTheReactorOnce() {
    FakeReactor fake = new FakeReactor();
    assertThat(Task.react(fake.proxy(), r -> Deferred.succeed("now"))).isZero();
    assertThat(fake.stopCalls).isEqualTo(1);
  }

  @Test
  void reactDoesNotStopAReactorThatIsAlreadyStopping() {
    FakeReactor fake = new FakeReactor();
    Deferred<Object> main = new Deferred<>();
    int status =
        Task.react(
            fake.proxy(),
            r -> {
              // Something else stops the reactor; its shutdown fires main's Deferred.
              r.callLater(1, r::stop);
              fake.shutdownTriggers.add(
                  () -> {
                    if (!main.called()) {
                      main.callback("shut down");
                    }
                    return null;
                  });
              return main;
            });
    assertThat(status).isZero();
    assertThat(fake.stopCalls).isEqualTo(1);
  }
}
