package dev.torsion.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.torsion.internet.ClientFactory;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.Log;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.TimeoutError;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs small fixture classes through the JUnit engine and checks what trial reports. The
 * fixtures are static nested classes, which surefire does not pick up on its own.
 */
class TrialExtensionTest {
  // ---------------------------------------------------------------- fixtures

  @TrialTest
  static class RunsOnTheReactor {
    static final List<Object> seen = new CopyOnWriteArrayList<>();
    Reactor fromSetUp;

    @BeforeEach
    void setUp(Reactor reactor) {
      fromSetUp = reactor;
    }

    @Test
    void onReactorThread(Reactor reactor) {
      assertThat(Thread.currentThread().getName()).startsWith("trial-reactor");
      assertThat(reactor.isRunning()).isTrue();
      assertThat(Trial.reactor()).isSameAs(reactor);
      assertThat(fromSetUp).isSameAs(reactor);
      seen.add(reactor);
    }

    @Test
    void anotherTestAnotherReactor(Reactor reactor) {
      seen.add(reactor);
    }
  }

  static class FailingDeferred {
    @DeferredTest
    Deferred<Void> failsLater(Reactor reactor) {
      Deferred<Void> d = new Deferred<>();
      reactor.callLater(0.01, () -> d.errback(new IOException("deferred went wrong")));
      return d;
    }
  }

  static class PassingDeferred {
    @DeferredTest
    Deferred<String> firesLater(Reactor reactor) {
      Deferred<String> d = new Deferred<>();
      reactor.callLater(0.01, () -> d.callback("done"));
      return d.addCallback(
          r -> {
            assertThat(r).isEqualTo("done");
            return r;
          });
    }

    @DeferredTest
    CompletionStage<String> stageCompletes() {
      return CompletableFuture.supplyAsync(() -> "elsewhere");
    }
  }

  static class TimesOut {
    @DeferredTest
    @TrialTimeout(0.3)
    Deferred<String> neverFires() {
      return new Deferred<>();
    }
  }

  @TrialTest
  static class LeavesACallLater {
    @Test
    void forgetsTimer(Reactor reactor) {
      reactor.callLater(100, () -> {});
    }
  }

  @TrialTest
  static class LeavesAPort {
    @Test
    void forgetsPort(Reactor reactor) {
      reactor.listenTCP(0, Factory.forProtocol(Protocol::new), 50, "127.0.0.1");
    }
  }

  @TrialTest
  @TrialTimeout(10)
  static class LeavesAConnection {
    @Test
    void forgetsConnection(Reactor reactor) {
      ListeningPort port = reactor.listenTCP(0, Factory.forProtocol(Protocol::new), 50, "127.0.0.1");
      Deferred<Void> made = new Deferred<>();
      reactor.connectTCP("127.0.0.1", ((IPv4Address) port.getHost()).port(), new ClientFactory(() -> new Protocol() {
        @Override
        public void connectionMade() {
          made.callback(null);
        }
      }));
      // The port is tidied once connected; the connection is forgotten.
      Trial.waitFor(made.addDeferredCallback(ignored -> port.stopListening()));
    }
  }

  /**
   * Leaves a pool task blocked on a latch. The latch is released by a before-shutdown trigger:
   * trial's dirty-reactor check runs before it stops the reactor, so the check sees the task
   * busy, and then the shutdown frees it before the pool is joined (no sleeps, no leaked thread).
   */
  @TrialTest
  static class LeavesABusyPoolThread {
    static final CountDownLatch released = new CountDownLatch(1);

    @Test
    void forgetsATask(Reactor reactor) {
      reactor.addSystemEventTrigger(Reactor.Phase.BEFORE, "shutdown", () -> {
        released.countDown();
        return null;
      });
      Deferred<Void> running = new Deferred<>();
      reactor.callInThread(() -> {
        reactor.callFromThread(() -> running.callback(null));
        try {
          released.await(30, TimeUnit.SECONDS); // bounded, should trial never stop the reactor
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      Trial.waitFor(running);
    }
  }

  @TrialTest
  static class LogsAnError {
    @Test
    void logs() {
      Log.err(new IllegalStateException("kaboom"), "Unhandled error in protocol");
    }
  }

  @TrialTest
  static class FlushesTheLoggedError {
    @Test
    void logsAndFlushes() {
      Log.err(new IllegalStateException("expected kaboom"), "Unhandled error in protocol");
      assertThat(Trial.flushLoggedErrors(IllegalStateException.class)).hasSize(1);
    }
  }

  @TrialTest
  static class DropsAFailedDeferred {
    @Test
    void drops() {
      dropIt();
    }

    private static void dropIt() {
      Deferred.fail(new IOException("nobody handled me"));
    }
  }

  @TrialTest
  static class Parameterised {
    static final List<Object> reactors = new CopyOnWriteArrayList<>();

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void eachGetsItsOwnReactor(int n, Reactor reactor) {
      assertThat(n).isPositive();
      reactors.add(reactor);
    }
  }

  @TrialTest
  @TrialTimeout(0.3)
  static class Outer {
    @Nested
    class Inner {
      @Test
      void nestedTestsRunOnTheReactor() {
        assertThat(Trial.reactor().isRunning()).isTrue();
      }

      @Test
      void inheritTheTimeout() {
        Trial.waitFor(new Deferred<Void>());
      }
    }
  }

  @TrialTest
  static class WaitsFor {
    @Test
    void waitsForTheDeferred(Reactor reactor) {
      Deferred<Void> d = new Deferred<>();
      reactor.callLater(0.01, () -> d.errback(new IOException("failed while waiting")));
      Trial.waitFor(d);
    }
  }

  @TrialTest
  static class ReturnsDeferredFromTest {
    @Test
    void fine() {}

    @Test
    Deferred<Void> wrong() {
      return Deferred.succeed(null);
    }
  }

  // ---------------------------------------------------------------- checks

  private static EngineExecutionResults run(Class<?> fixture) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute();
  }

  private static Throwable failureOf(Event event) {
    return event.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
  }

  private static Throwable onlyFailure(EngineExecutionResults results) {
    List<Event> failed = results.allEvents().failed().list();
    assertThat(failed).hasSize(1);
    return failureOf(failed.get(0));
  }

  @Test
  void testsRunOnTheirOwnReactorThread() {
    RunsOnTheReactor.seen.clear();
    run(RunsOnTheReactor.class).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    assertThat(RunsOnTheReactor.seen).hasSize(2).doesNotHaveDuplicates();
  }

  @Test
  void noReactorOrPoolThreadOutlivesItsTest() {
    run(RunsOnTheReactor.class);
    run(LeavesAPort.class);
    assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(t -> t.getName().startsWith("trial-reactor") || t.getName().startsWith("torsion-reactor-pool"))
        .isEmpty();
  }

  @Test
  void aFailingDeferredFailsTheTestWithItsOwnException() {
    Throwable t = onlyFailure(run(FailingDeferred.class));
    assertThat(t).isInstanceOf(IOException.class).hasMessage("deferred went wrong");
  }

  @Test
  void aDeferredOrStageThatFiresPasses() {
    run(PassingDeferred.class).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
  }

  @Test
  void aTimeoutNamesTheTestAndWhatItWaitedFor() {
    Throwable t = onlyFailure(run(TimesOut.class));
    assertThat(t)
        .isInstanceOf(TimeoutError.class)
        .hasMessageContaining(TimesOut.class.getName() + ".neverFires()")
        .hasMessageContaining("timed out after 0.3 seconds")
        .hasMessageContaining("waiting for <Deferred waiting>");
  }

  @Test
  void aLeftoverDelayedCallIsADirtyReactor() {
    Throwable t = onlyFailure(run(LeavesACallLater.class));
    assertThat(t)
        .isInstanceOf(DirtyReactorError.class)
        .hasMessageContaining("Reactor was unclean after " + LeavesACallLater.class.getName() + ".forgetsTimer()")
        .hasMessageContaining("pending delayed calls (1)");
    assertThat(((DirtyReactorError) t).delayedCalls()).hasSize(1);
  }

  @Test
  void aLeftoverListeningPortIsADirtyReactor() {
    Throwable t = onlyFailure(run(LeavesAPort.class));
    assertThat(t).isInstanceOf(DirtyReactorError.class).hasMessageContaining("open listening ports (1)");
    assertThat(((DirtyReactorError) t).ports()).hasSize(1);
  }

  @Test
  void aLeftoverConnectionIsADirtyReactor() {
    Throwable t = onlyFailure(run(LeavesAConnection.class));
    assertThat(t)
        .isInstanceOf(DirtyReactorError.class)
        .hasMessageContaining("open connections")
        .hasMessageNotContaining("open listening ports");
    assertThat(((DirtyReactorError) t).connections()).isNotEmpty();
  }

  @Test
  void aBusyPoolThreadIsADirtyReactor() {
    Throwable t = onlyFailure(run(LeavesABusyPoolThread.class));
    assertThat(t)
        .isInstanceOf(DirtyReactorError.class)
        .hasMessageContaining("thread-pool threads still busy: 1")
        .hasMessageNotContaining("open connections");
    assertThat(((DirtyReactorError) t).busyThreads()).isEqualTo(1);
    assertThat(t.getSuppressed()).as("the reactor then stopped, its pool joined").isEmpty();
    assertThat(LeavesABusyPoolThread.released.getCount()).as("freed by the reactor's shutdown").isZero();
  }

  @Test
  void aLoggedErrorFailsTheTest() {
    Throwable t = onlyFailure(run(LogsAnError.class));
    assertThat(t)
        .isInstanceOf(LoggedErrorsError.class)
        .hasMessageContaining("1 error logged during " + LogsAnError.class.getName() + ".logs()")
        .hasMessageContaining("Unhandled error in protocol java.lang.IllegalStateException: kaboom")
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFlushedLoggedErrorPasses() {
    run(FlushesTheLoggedError.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
  }

  @Test
  void anUnhandledErrorInACollectedDeferredFailsTheTest() {
    Throwable t = onlyFailure(run(DropsAFailedDeferred.class));
    assertThat(t)
        .isInstanceOf(LoggedErrorsError.class)
        .hasMessageContaining("Unhandled error in Deferred")
        .hasMessageContaining("nobody handled me");
  }

  @Test
  void theGarbageCollectionCheckAfterEachTestLogsNothing() throws Exception {
    List<Log.LoggedError> logged = new CopyOnWriteArrayList<>();
    try (AutoCloseable observer = Log.addErrorObserver(logged::add)) {
      run(RunsOnTheReactor.class).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    }
    // Every Log.err also goes to SLF4J: anything here would be an ERROR line after each test.
    assertThat(logged).isEmpty();
  }

  @Test
  void parameterisedTestsEachGetAReactor() {
    Parameterised.reactors.clear();
    run(Parameterised.class).testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
    assertThat(Parameterised.reactors).hasSize(3).doesNotHaveDuplicates();
  }

  @Test
  void nestedClassesAreTrialTestsWithTheOuterTimeout() {
    EngineExecutionResults results = run(Outer.class);
    results.testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
    Throwable t = failureOf(results.testEvents().failed().list().get(0));
    assertThat(t).isInstanceOf(TimeoutError.class).hasMessageContaining("inheritTheTimeout()");
  }

  @Test
  void waitForMakesAVoidTestAsynchronous() {
    Throwable t = onlyFailure(run(WaitsFor.class));
    assertThat(t).isInstanceOf(IOException.class).hasMessage("failed while waiting");
  }

  @Test
  void aTestReturningADeferredIsCaughtInsteadOfSilentlySkipped() {
    Throwable t = onlyFailure(run(ReturnsDeferredFromTest.class));
    assertThat(t).hasMessageContaining("wrong() is @Test but returns Deferred").hasMessageContaining("@DeferredTest");
  }
}
