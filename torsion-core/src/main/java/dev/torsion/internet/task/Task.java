package dev.torsion.internet.task;

import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Log;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.ReactorTime;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Twisted's module-level helpers from {@code twisted.internet.task}: {@link #deferLater}, {@link
 * #cooperate}/{@link #coiterate} on the global Cooperator, and {@link #react} to run a program's
 * main Deferred to completion.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *   Task.react(reactor -> Task.deferLater(reactor, 1.0, () -> { System.out.println("tick"); return null; }));
 * }
 * }</pre>
 */
public final class Task {
  private Task() {}

  private static final class GlobalCooperator {
    static final Cooperator INSTANCE = new Cooperator(Reactor.global());
  }

  /**
   * A Deferred that fires with {@code fn}'s result {@code delay} seconds from now on {@code
   * clock} ({@code fn} may be null: then with null; it may return a Deferred, which is waited
   * for). Cancelling it before then cancels the delayed call, and {@code fn} never runs.
   */
  public static <T> Deferred<T> deferLater(ReactorTime clock, double delay, Callable<? extends T> fn) {
    DelayedCall[] call = new DelayedCall[1];
    Deferred<Void> d = new Deferred<>(self -> call[0].cancel());
    Deferred<T> result = d.addCallback(ignored -> fn == null ? null : fn.call());
    call[0] = clock.callLater(delay, () -> d.callback(null));
    return result;
  }

  /** Runs {@code iterator} as a task on the global Cooperator (driven by {@link Reactor#global}). */
  public static CooperativeTask cooperate(Iterator<?> iterator) {
    return GlobalCooperator.INSTANCE.cooperate(iterator);
  }

  /** Runs {@code iterator} on the global Cooperator; the Deferred fires with it once exhausted. */
  public static <I extends Iterator<?>> Deferred<I> coiterate(I iterator) {
    return GlobalCooperator.INSTANCE.coiterate(iterator);
  }

  /**
   * Calls {@code main} with the global reactor, runs the reactor until the Deferred it returns
   * fires, then exits the process: status 0 on success, 1 on failure (logged through {@link
   * Log#err}). Does not return.
   */
  public static void react(Function<Reactor, ? extends Deferred<?>> main) {
    System.exit(react(Reactor.global(), main));
  }

  /**
   * {@link #react(Function)} on a given reactor, returning the exit status instead of exiting:
   * for tests, and for programs that do more after the reactor stops.
   */
  public static int react(Reactor reactor, Function<Reactor, ? extends Deferred<?>> main) {
    int[] code = {0};
    boolean[] stopping = {false};
    reactor.addSystemEventTrigger(
        Reactor.Phase.BEFORE,
        "shutdown",
        () -> {
          stopping[0] = true;
          return null;
        });
    Deferred<?> finished = Deferred.maybeDeferred(() -> main.apply(reactor));
    finished.addBoth(
        result -> {
          if (result instanceof Failure) {
            Log.err((Failure) result, "main function encountered error");
            code[0] = 1;
          }
          if (!stopping[0]) {
            // Stop once, and only once the reactor is really running (main may finish at once).
            reactor.callWhenRunning(reactor::stop);
          }
          return null;
        });
    reactor.run();
    return code[0];
  }
}
