package dev.torsion.internet.task;

import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.ReactorTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs long jobs in small steps between the reactor's other work: Twisted's {@code
 * task.Cooperator}. A job is an {@link Iterator}; each {@code next()} is one unit of work. On
 * each reactor turn the Cooperator calls {@code next()} on its tasks in round-robin until its
 * time slice (10 ms by default) is used up, then yields to I/O until the next turn. A unit that
 * returns a {@link Deferred} pauses its task until that Deferred fires.
 *
 * <pre>{@code
 * Cooperator coop = new Cooperator(reactor);
 * Iterator<Void> rows = ...;   // each next() writes one row
 * coop.cooperate(rows).whenDone().addCallback(it -> { transport.loseConnection(); return null; });
 * }</pre>
 *
 * <p>Several jobs share the time fairly, and a Cooperator with one task in flight per connection
 * is also a simple way to bound parallelism. Cooperators do not share time with each other: most
 * code should use the global one through {@link Task#cooperate}. Single-threaded.
 */
public final class Cooperator {
  private static final long DEFAULT_SLICE_NANOS = 10_000_000L;

  private final Function<Runnable, DelayedCall> scheduler;
  private final Supplier<BooleanSupplier> terminationPredicateFactory;
  private final List<CooperativeTask> tasks = new ArrayList<>();
  /** Round-robin position, kept across turns so every task gets its share. */
  private int cursor;
  private DelayedCall delayedCall;
  private boolean started;
  private boolean stopped;
  private boolean mustScheduleOnStart;

  /** A Cooperator stepping once per turn of {@code time} (a reactor, or a Clock in tests). */
  public Cooperator(ReactorTime time) {
    this(fn -> time.callLater(0, fn), Cooperator::defaultSlice, true);
  }

  /**
   * A Cooperator with its own scheduling: {@code scheduler} arranges for a step to run later;
   * {@code terminationPredicateFactory} is asked at the start of each step for a predicate that
   * says when the step has run long enough. Not {@code started}: tasks queue until {@link
   * #start}.
   */
  public Cooperator(
      Function<Runnable, DelayedCall> scheduler,
      Supplier<BooleanSupplier> terminationPredicateFactory,
      boolean started) {
    this.scheduler = scheduler;
    this.terminationPredicateFactory = terminationPredicateFactory;
    this.started = started;
  }

  private static BooleanSupplier defaultSlice() {
    long end = System.nanoTime() + DEFAULT_SLICE_NANOS;
    return () -> System.nanoTime() - end >= 0;
  }

  /** Adds {@code iterator} as a task that can be paused, resumed, stopped and waited on. */
  public CooperativeTask cooperate(Iterator<?> iterator) {
    return new CooperativeTask(iterator, this);
  }

  /** Adds {@code iterator} as a task and returns a Deferred that fires with it once exhausted. */
  @SuppressWarnings("unchecked")
  public <I extends Iterator<?>> Deferred<I> coiterate(I iterator) {
    return (Deferred<I>) (Deferred<?>) cooperate(iterator).whenDone();
  }

  /** Begins stepping tasks (for a Cooperator made not started, or one that was stopped). */
  public void start() {
    stopped = false;
    started = true;
    if (mustScheduleOnStart) {
      mustScheduleOnStart = false;
      reschedule();
    }
  }

  /** Stops stepping: every task's {@code whenDone} fails with {@link SchedulerStopped}. */
  public void stop() {
    stopped = true;
    List<CooperativeTask> stopping = new ArrayList<>(tasks);
    tasks.clear();
    cursor = 0;
    for (CooperativeTask t : stopping) {
      t.completeWith(new SchedulerStopped("the Cooperator was stopped"), null);
    }
    if (delayedCall != null) {
      delayedCall.cancel();
      delayedCall = null;
    }
  }

  /** True when started and not stopped. */
  public boolean isRunning() {
    return started && !stopped;
  }

  void addTask(CooperativeTask task) {
    if (stopped) {
      task.completeWith(new SchedulerStopped("the Cooperator is stopped"), null);
      return;
    }
    tasks.add(task);
    reschedule();
  }

  void removeTask(CooperativeTask task) {
    int i = tasks.indexOf(task);
    if (i < 0) {
      return;
    }
    tasks.remove(i);
    if (i < cursor) {
      cursor--;
    }
    if (tasks.isEmpty() && delayedCall != null) {
      delayedCall.cancel();
      delayedCall = null;
    }
  }

  private void tick() {
    delayedCall = null;
    BooleanSupplier enough = terminationPredicateFactory.get();
    outer:
    while (!tasks.isEmpty()) {
      while (cursor < tasks.size()) {
        CooperativeTask task = tasks.get(cursor++);
        task.oneWorkUnit();
        if (enough.getAsBoolean()) {
          break outer;
        }
      }
      cursor = 0;
    }
    reschedule();
  }

  private void reschedule() {
    if (!started) {
      mustScheduleOnStart = true;
      return;
    }
    if (delayedCall == null && !tasks.isEmpty()) {
      delayedCall = scheduler.apply(this::tick);
    }
  }
}
