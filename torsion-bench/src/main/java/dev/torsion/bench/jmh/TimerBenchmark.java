package dev.torsion.bench.jmh;

import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.internal.TimerQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The reactor's timers ({@link TimerQueue}, behind {@code callLater}) with many calls already
 * pending, as on a server with an idle timeout per connection: a {@code callLater} then its
 * {@code cancel}, and the {@code reset} a connection does on each read.
 *
 * <pre>{@code
 * java -cp ... org.openjdk.jmh.Main TimerBenchmark
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TimerBenchmark {
  private static final Runnable NOTHING = () -> {};

  @Param({"10000"})
  public int pending;

  private double now;
  private TimerQueue timers;
  private DelayedCall[] calls;
  private int next;

  @Setup
  public void setUp() {
    timers = new TimerQueue(() -> now);
    calls = new DelayedCall[pending];
    for (int i = 0; i < pending; i++) {
      calls[i] = timers.schedule(30 + i * 0.001, NOTHING);
    }
  }

  @Benchmark
  public void callLaterThenCancel() {
    now += 1e-6;
    timers.schedule(30, NOTHING).cancel();
  }

  @Benchmark
  public void resetIdleTimeout() {
    now += 1e-6;
    calls[next].reset(30);
    next = next + 1 == calls.length ? 0 : next + 1;
  }
}
