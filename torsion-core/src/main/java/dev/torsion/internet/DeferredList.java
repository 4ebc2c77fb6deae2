package dev.torsion.internet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A Deferred that waits for several others and fires with all their outcomes, in input order:
 * Twisted's {@code DeferredList}. Each outcome says whether that input succeeded and carries its
 * result or its {@link Failure}.
 *
 * <p>Unlike {@link java.util.concurrent.CompletableFuture#allOf}, a DeferredList does not fail
 * when an input fails (unless {@code fireOnOneErrback}); it reports every outcome. For "all
 * results or the first error" use {@link Deferred#gatherResults}; for "first success" use {@link
 * Deferred#race}.
 *
 * <pre>{@code
 * new DeferredList<>(List.of(ping(a), ping(b))).addCallback(outcomes -> {
 *   for (DeferredList.Outcome<Duration> o : outcomes) {
 *     System.out.println(o.index() + ": " + (o.success() ? o.value() : o.failure().getErrorMessage()));
 *   }
 *   return null;
 * });
 * }</pre>
 *
 * <p>Flags, as in Twisted: {@code fireOnOneCallback} fires at the first success, with a one-element
 * list holding that outcome (its {@link Outcome#index} says which input it was);
 * {@code fireOnOneErrback} fails at the first failure with {@link FirstError}; {@code
 * consumeErrors} makes each failed input's own chain go on with null, so its failure is not also
 * logged as unhandled. Cancelling a DeferredList that has not fired cancels every input.
 *
 * @param <T> the result type of the inputs
 */
public final class DeferredList<T> extends Deferred<List<DeferredList.Outcome<T>>> {
  /**
   * What one input came to: its index in the input list, whether it succeeded, and its result (a
   * value, or a {@link Failure} when it failed). Twisted's {@code (success, result)} pair.
   */
  public record Outcome<T>(int index, boolean success, Object result) {
    /** The input's value; throws its failure if it failed. */
    @SuppressWarnings("unchecked")
    public T value() {
      if (!success) {
        throw (Failure) result;
      }
      return (T) result;
    }

    /** The input's failure, or null if it succeeded. */
    public Failure failure() {
      return success ? null : (Failure) result;
    }
  }

  private final List<Deferred<? extends T>> deferreds;
  private final Outcome<T>[] outcomes;
  private final boolean fireOnOneCallback;
  private final boolean fireOnOneErrback;
  private final boolean consumeErrors;
  private int finished;

  /** Waits for all of {@code deferreds}, collecting every outcome. */
  public DeferredList(List<? extends Deferred<? extends T>> deferreds) {
    this(deferreds, false, false, false);
  }

  /** Waits for {@code deferreds} with Twisted's flags (see the class comment). */
  @SuppressWarnings("unchecked")
  public DeferredList(
      List<? extends Deferred<? extends T>> deferreds,
      boolean fireOnOneCallback,
      boolean fireOnOneErrback,
      boolean consumeErrors) {
    super();
    this.deferreds = new ArrayList<>(deferreds);
    this.outcomes = new Outcome[this.deferreds.size()];
    this.fireOnOneCallback = fireOnOneCallback;
    this.fireOnOneErrback = fireOnOneErrback;
    this.consumeErrors = consumeErrors;
    if (this.deferreds.isEmpty() && !fireOnOneCallback) {
      callback(List.of());
    }
    // Flags are set before watching: already-fired inputs report synchronously.
    for (int i = 0; i < this.deferreds.size(); i++) {
      watch(this.deferreds.get(i), i);
    }
  }

  private <U extends T> void watch(Deferred<U> d, int index) {
    d.addCallbacks(result -> onOutcome(index, true, result), failure -> onOutcome(index, false, failure));
  }

  private Object onOutcome(int index, boolean success, Object result) {
    Outcome<T> outcome = new Outcome<>(index, success, result);
    outcomes[index] = outcome;
    finished++;
    if (!called()) {
      if (success && fireOnOneCallback) {
        callback(List.of(outcome));
      } else if (!success && fireOnOneErrback) {
        errback(new FirstError((Failure) result, index));
      } else if (finished == outcomes.length) {
        callback(Collections.unmodifiableList(Arrays.asList(outcomes)));
      }
    }
    return !success && consumeErrors ? null : result;
  }

  /**
   * Cancels every input, if this list has not fired; the list then fires with what the inputs
   * fire with (normally their CancelledErrors), as in Twisted. A canceller that throws is logged
   * and the other inputs are still cancelled.
   */
  @Override
  public void cancel() {
    if (called()) {
      super.cancel(); // cancels what a callback of ours may be waiting on, else nothing
      return;
    }
    for (Deferred<?> d : deferreds) {
      try {
        d.cancel();
      } catch (RuntimeException e) {
        Log.err(e, "Exception raised from user supplied canceller");
      }
    }
  }

  static <T> Deferred<List<T>> gatherImpl(List<? extends Deferred<? extends T>> deferreds, boolean consumeErrors) {
    return new DeferredList<T>(deferreds, false, true, consumeErrors)
        .addCallback(
            outcomes -> {
              List<T> values = new ArrayList<>(outcomes.size());
              for (Outcome<T> o : outcomes) {
                values.add(o.value());
              }
              return values;
            });
  }

  static <T> Deferred<Outcome<T>> raceImpl(List<? extends Deferred<? extends T>> inputs) {
    List<Deferred<? extends T>> all = new ArrayList<>(inputs);
    Deferred<Outcome<T>> result =
        new Deferred<>(
            self -> {
              for (Deferred<?> d : all) {
                d.cancel();
              }
            });
    Failure[] failures = new Failure[all.size()];
    int[] failed = {0};
    boolean[] won = {false};
    for (int i = 0; i < all.size(); i++) {
      int index = i;
      Deferred<? extends T> input = all.get(i);
      input.addCallbacks(
          value -> {
            if (!won[0]) {
              // The winner is not cancelled: its caller may still be using it.
              won[0] = true;
              for (Deferred<?> other : all) {
                if (other != input) {
                  other.cancel();
                }
              }
              result.callback(new Outcome<>(index, true, value));
            }
            return null;
          },
          failure -> {
            failures[index] = failure;
            if (++failed[0] == all.size()) {
              result.errback(new FailureGroup(Arrays.asList(failures)));
            }
            return null;
          });
    }
    if (all.isEmpty()) {
      result.errback(new FailureGroup(List.of()));
    }
    return result;
  }
}
