package dev.torsion.bench.jmh;

import dev.torsion.internet.Callback;
import dev.torsion.internet.Deferred;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The Deferred against CompletableFuture doing the same work, the goal being "no slower": a
 * result through three callbacks added before it arrives, and a chain that waits on a Deferred
 * (a future) returned by its first callback, fired afterwards.
 *
 * <pre>{@code
 * java -cp ... org.openjdk.jmh.Main DeferredBenchmark
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DeferredBenchmark {
  private static final Callback<Integer, Integer> INC = x -> x + 1;
  private static final Function<Integer, Integer> INC_F = x -> x + 1;

  private int seed;

  @Benchmark
  public Object deferredThreeCallbacks() {
    Deferred<Integer> d = new Deferred<>();
    d.addCallback(INC).addCallback(INC).addCallback(INC);
    d.callback(seed++);
    return d;
  }

  @Benchmark
  public Object completableFutureThreeCallbacks() {
    CompletableFuture<Integer> f = new CompletableFuture<>();
    CompletableFuture<Integer> last = f.thenApply(INC_F).thenApply(INC_F).thenApply(INC_F);
    f.complete(seed++);
    return last;
  }

  @Benchmark
  public Object deferredChainThroughReturned() {
    Deferred<Integer> outer = new Deferred<>();
    Deferred<Integer> inner = new Deferred<>();
    outer.<Integer>addDeferredCallback(x -> inner).addCallback(INC);
    outer.callback(seed);
    inner.callback(seed++);
    return outer;
  }

  @Benchmark
  public Object completableFutureChainThroughReturned() {
    CompletableFuture<Integer> outer = new CompletableFuture<>();
    CompletableFuture<Integer> inner = new CompletableFuture<>();
    CompletableFuture<Integer> last = outer.thenCompose(x -> inner).thenApply(INC_F);
    outer.complete(seed);
    inner.complete(seed++);
    return last;
  }
}
