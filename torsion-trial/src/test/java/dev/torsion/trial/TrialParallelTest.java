package dev.torsion.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Log;
import dev.torsion.internet.Reactor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Two trial classes run at the same time (JUnit's parallel classes): each keeps its own reactor,
 * and an error logged by one fails that one only. The fixtures meet at a barrier, so they really
 * overlap; they are static nested classes, which surefire does not run on its own.
 */
class TrialParallelTest {
  static final CyclicBarrier BOTH_RUNNING = new CyclicBarrier(2);
  static final Map<String, Reactor> REACTORS = new ConcurrentHashMap<>();

  @TrialTest
  static class LogsWhileAnotherClassRuns {
    @Test
    void logs(Reactor reactor) throws Exception {
      REACTORS.put("logs", reactor);
      BOTH_RUNNING.await(20, TimeUnit.SECONDS);
      Log.err(new IllegalStateException("only mine"), "Unhandled error in protocol");
      // Stay running a moment, so the error is logged while the other test is still going.
      Deferred<Void> d = new Deferred<>();
      reactor.callLater(0.05, () -> d.callback(null));
      Trial.waitFor(d);
    }
  }

  @TrialTest
  static class CleanWhileAnotherClassLogs {
    @Test
    void clean(Reactor reactor) throws Exception {
      REACTORS.put("clean", reactor);
      BOTH_RUNNING.await(20, TimeUnit.SECONDS);
      Deferred<Void> d = new Deferred<>();
      reactor.callLater(0.1, () -> d.callback(null));
      Trial.waitFor(d);
    }
  }

  @Test
  void parallelClassesKeepTheirOwnReactorAndTheirOwnLoggedErrors() {
    BOTH_RUNNING.reset();
    REACTORS.clear();
    EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
        .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
        .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
        .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
        .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
        .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
        .selectors(selectClass(LogsWhileAnotherClassRuns.class), selectClass(CleanWhileAnotherClassLogs.class))
        .execute();

    List<Event> failed = results.testEvents().failed().list();
    assertThat(failed).hasSize(1);
    assertThat(failed.get(0).getTestDescriptor().getDisplayName()).startsWith("logs");
    Throwable t = failed.get(0).getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    assertThat(t).isInstanceOf(LoggedErrorsError.class).hasMessageContaining("1 error logged").hasMessageContaining("only mine");
    results.testEvents().succeeded().assertThatEvents().hasSize(1);
    assertThat(REACTORS).containsOnlyKeys("logs", "clean");
    assertThat(REACTORS.get("logs")).isNotSameAs(REACTORS.get("clean"));
  }
}
