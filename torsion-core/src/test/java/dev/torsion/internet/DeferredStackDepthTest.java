package dev.torsion.internet;

import static dev.torsion.internet.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Long chains must not grow the Java stack (test_defer.py's test_boundedStackDepth, scaled up). */
class DeferredStackDepthTest {
  private static final int N = 100_000;

  @Test
  void oneHundredThousandCallbacksEachReturningAFiredDeferredComplete() {
    Deferred<Integer> d = new Deferred<>();
    Deferred<Integer> chain = d;
    for (int i = 0; i < N; i++) {
      chain = chain.addDeferredCallback(x -> Deferred.succeed(x + 1));
    }
    d.callback(0);
    assertThat(successResultOf(chain)).isEqualTo(N);
  }

  @Test
  void oneHundredThousandDeferredsEachWaitingOnTheNextComplete() {
    List<Deferred<Integer>> ds = new ArrayList<>(N + 1);
    for (int i = 0; i <= N; i++) {
      ds.add(new Deferred<>());
    }
    for (int i = 0; i < N; i++) {
      Deferred<Integer> next = ds.get(i + 1);
      ds.get(i).addDeferredCallback(ignored -> next);
    }
    // Fire them from the outside in: each waits on the next, unfired one.
    for (int i = 0; i < N; i++) {
      ds.get(i).callback(-1);
    }
    List<Integer> seen = new ArrayList<>();
    ds.get(0).addCallback(seen::add);
    assertThat(seen).isEmpty();
    ds.get(N).callback(42);
    assertThat(seen).containsExactly(42);
  }

  @Test
  void theStackDepthOfTheFinalCallbackDoesNotDependOnTheChainLength() {
    assertThat(depthThrough(1)).isEqualTo(depthThrough(50));
  }

  private static int depthThrough(int howMany) {
    int[] depth = {0};
    Deferred<Object> top = new Deferred<>();
    List<Deferred<Object>> inners = new ArrayList<>();
    for (int i = 0; i < howMany; i++) {
      inners.add(new Deferred<>());
    }
    Deferred<Object> last = new Deferred<>();
    top.addCallback(x -> inners.get(0));
    top.addCallback(x -> depth[0] = new Throwable().getStackTrace().length);
    for (int i = 0; i < howMany - 1; i++) {
      Deferred<Object> next = inners.get(i + 1);
      inners.get(i).addCallback(x -> next);
    }
    inners.get(howMany - 1).addCallback(x -> last);
    top.callback(null);
    for (Deferred<Object> inner : inners) {
      inner.callback(null);
    }
    assertThat(depth[0]).isZero();
    last.callback(null);
    return depth[0];
  }
}
