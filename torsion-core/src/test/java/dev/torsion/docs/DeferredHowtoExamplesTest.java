package dev.torsion.docs;

import static dev.torsion.internet.DeferredAssertions.assertNoResult;
import static dev.torsion.internet.DeferredAssertions.failureResultOf;
import static dev.torsion.internet.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.task.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Runs the examples of docs/deferred.md. */
class DeferredHowtoExamplesTest {
  private final Clock clock = new Clock();
  private final DeferredHowtoExamples ex = new DeferredHowtoExamples(clock);

  @Test
  void basics() {
    Deferred<Integer> ok = ex.pageLength("a");
    Deferred<Integer> down = ex.pageLength("down");
    clock.advance(1);
    assertThat(successResultOf(ok)).isEqualTo("<html>a</html>".length());
    assertThat(successResultOf(down)).isEqualTo(-1);
  }

  @Test
  void chaining() {
    Deferred<String> d = ex.firstLinkOf("a");
    clock.advance(1);
    assertNoResult(d);
    clock.advance(1);
    assertThat(successResultOf(d)).isEqualTo("<HTML>A/NEXT</HTML>");
  }

  @Test
  void addCallbacks() {
    failureResultOf(ex.sameStep(Deferred.succeed("")), IllegalStateException.class);
    assertThat(successResultOf(ex.sameStep(Deferred.fail(new RuntimeException()))))
        .startsWith("only failures");
  }

  @Test
  void timeout() {
    Deferred<String> d = ex.pageWithin("a", 0.5);
    clock.advance(0.5);
    assertThat(successResultOf(d)).isEqualTo("(timed out)");
    assertThat(clock.getDelayedCalls()).isEmpty();
  }

  @Test
  void gather() {
    Deferred<List<Integer>> ok = ex.allLengths(List.of("a", "bb"));
    Deferred<List<Integer>> bad = ex.allLengths(List.of("a", "down"));
    clock.advance(1);
    assertThat(successResultOf(ok)).containsExactly(14, 15);
    assertThat(failureResultOf(bad, IllegalStateException.class).getErrorMessage()).isEqualTo("url #1 failed");
  }

  @Test
  void deferredList() {
    Deferred<String> d = ex.report(List.of("a", "down"));
    clock.advance(1);
    assertThat(successResultOf(d)).isEqualTo("0 ok\n1 failed\n");
  }

  @Test
  void semaphore() {
    Deferred<List<String>> d = ex.fetchTwoAtATime(List.of("a", "b", "c"));
    clock.advance(1);
    assertNoResult(d); // the third waited for a token
    clock.advance(1);
    assertThat(successResultOf(d)).hasSize(3);
  }

  @Test
  void coroutine() {
    Deferred<Integer> d = ex.wordsInPages("down", "http://mirror/x");
    clock.advance(1);
    assertNoResult(d);
    clock.advance(1);
    assertThat(successResultOf(d)).isEqualTo(5);
  }

  @Test
  void futures() throws Exception {
    CompletableFuture<String> f = new CompletableFuture<>();
    Deferred<String> d = ex.fromJdk(f, Runnable::run);
    f.complete("hi");
    assertThat(successResultOf(d)).isEqualTo("jdk said hi");
    CompletableFuture<Integer> len = ex.toJdk("a");
    clock.advance(1);
    assertThat(len.get()).isEqualTo(14);
  }

  @Test
  void cancel() {
    assertThat(successResultOf(ex.cancellable())).isEqualTo("Deferred was cancelled");
    assertThat(clock.getDelayedCalls()).isEmpty();
  }
}
