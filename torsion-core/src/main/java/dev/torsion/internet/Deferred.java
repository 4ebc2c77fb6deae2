package dev.torsion.internet;

import dev.torsion.internet.internal.UnhandledErrorTracker;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A result that has not arrived yet, with a chain of callbacks and errbacks that the result will
 * travel through: Twisted's {@code Deferred}, with its exact semantics.
 *
 * <p>Compared with {@link java.util.concurrent.CompletableFuture}: a Deferred is one object whose
 * chain grows in place (each {@code add*} returns the same Deferred, re-typed), it is not
 * thread-safe (it lives on the reactor thread), and it fires synchronously: callbacks added after
 * it fired run at once, in the caller's frame.
 *
 * <pre>{@code
 * Deferred<byte[]> d = agent.get("https://example.com/");
 * d.addCallback(body -> new String(body, UTF_8))
 *  .addCallback(String::length)
 *  .addErrback(f -> { f.trap(ConnectError.class); return -1; });
 * }</pre>
 *
 * <p>The rules, as in Twisted:
 * <ul>
 *   <li>Each step gets the previous step's result. A callback that throws, or returns a {@link
 *       Failure}, switches the chain onto the errback path; an errback that returns normally
 *       switches it back.
 *   <li>A callback may return another Deferred: the chain pauses until that one fires and goes on
 *       with its result. {@link #addCallback} does this at run time whatever the static type;
 *       {@link #addDeferredCallback} is the same with the types spelled out.
 *   <li>A Deferred fires once; a second {@code callback} or {@code errback} throws {@link
 *       AlreadyCalledError}.
 *   <li>A Deferred garbage-collected with a failure at the end of its chain logs "Unhandled error
 *       in Deferred" once, through {@link Log#err}.
 * </ul>
 *
 * @param <T> the type of the result at the current end of the chain
 */
public class Deferred<T> {
  private static final Object NO_RESULT = new Object();

  /** A marker step: hand this Deferred's result to {@code chainee}, which waits on it. */
  private static final class Continuation {
    final Deferred<?> chainee;

    Continuation(Deferred<?> chainee) {
      this.chainee = chainee;
    }
  }

  /** Steps as pairs: [callback, errback, callback, errback, ...], from {@code head} to {@code tail}. */
  private Object[] steps;
  private int head;
  private int tail;

  private Object result = NO_RESULT;
  private boolean called;
  private int paused;
  private boolean runningCallbacks;
  private boolean suppressAlreadyCalled;
  private Deferred<?> chainedTo;
  private final Consumer<? super Deferred<T>> canceller;
  private UnhandledErrorTracker unhandled;

  /** A Deferred with no canceller: {@link #cancel} just errbacks it with CancelledError. */
  public Deferred() {
    this.canceller = null;
  }

  /**
   * A Deferred whose {@link #cancel} first calls {@code canceller}, which should stop the
   * underlying operation and may fire this Deferred itself.
   */
  public Deferred(Consumer<? super Deferred<T>> canceller) {
    this.canceller = canceller;
  }

  /** An already-fired Deferred with {@code value} as its result. */
  public static <T> Deferred<T> succeed(T value) {
    Deferred<T> d = new Deferred<>();
    d.callback(value);
    return d;
  }

  /** An already-failed Deferred. */
  public static <T> Deferred<T> fail(Throwable error) {
    Deferred<T> d = new Deferred<>();
    d.errback(error);
    return d;
  }

  /**
   * Calls {@code fn} and gives its outcome as a Deferred whatever it was: a returned Deferred as
   * it is, a plain value as a fired one, a thrown exception as a failed one.
   */
  @SuppressWarnings("unchecked")
  public static <T> Deferred<T> maybeDeferred(Callable<?> fn) {
    Object value;
    try {
      value = fn.call();
    } catch (Throwable t) {
      return fail(t);
    }
    if (value instanceof Deferred) {
      return (Deferred<T>) value;
    }
    if (value instanceof Failure) {
      return fail((Failure) value);
    }
    return succeed((T) value);
  }

  /**
   * The results of {@code deferreds} in their order, once all have succeeded; or, at the first
   * failure, a failure with {@link FirstError} naming its index. With {@code consumeErrors}, a
   * failed input's own chain goes on with null, so it is not also logged as unhandled. Cancelling
   * the result cancels every input. Twisted's {@code gatherResults}.
   */
  public static <T> Deferred<List<T>> gatherResults(
      List<? extends Deferred<? extends T>> deferreds, boolean consumeErrors) {
    return DeferredList.gatherImpl(deferreds, consumeErrors);
  }

  /** {@link #gatherResults(List, boolean)} without consuming the inputs' errors. */
  public static <T> Deferred<List<T>> gatherResults(List<? extends Deferred<? extends T>> deferreds) {
    return DeferredList.gatherImpl(deferreds, false);
  }

  /**
   * The first of {@code deferreds} to succeed, as an outcome carrying its index; the others are
   * cancelled. Fails with {@link FailureGroup} (all failures, in input order) if every one fails.
   * Cancelling the result cancels every input. Twisted's {@code race}.
   */
  public static <T> Deferred<DeferredList.Outcome<T>> race(List<? extends Deferred<? extends T>> deferreds) {
    return DeferredList.raceImpl(deferreds);
  }

  /**
   * A Deferred for a {@link CompletionStage}. The stage completes on some other thread, so its
   * outcome is handed to {@code reactorThread} (for a reactor, {@code reactor::callFromThread};
   * in a single-threaded test, {@code Runnable::run}) and the Deferred fires there. Cancelling the
   * Deferred cancels the stage (when it has a CompletableFuture behind it); a cancelled stage
   * fails the Deferred with {@link CancelledError}.
   */
  public static <T> Deferred<T> fromFuture(CompletionStage<? extends T> stage, Executor reactorThread) {
    return FutureBridge.fromFuture(stage, reactorThread);
  }

  /** {@link #fromFuture(CompletionStage, Executor)} firing on {@code reactor}'s thread. */
  public static <T> Deferred<T> fromFuture(CompletionStage<? extends T> stage, Reactor reactor) {
    return FutureBridge.fromFuture(stage, reactor::callFromThread);
  }

  /**
   * A CompletableFuture completed with this Deferred's outcome; this chain goes on with null
   * (the future now owns the result or failure). Cancelling the future cancels this Deferred, in
   * the thread that cancels it: use {@link #asFuture(Executor)} when other threads may cancel. A
   * {@link CancelledError} failure cancels the future. Dependent stages of the future run on the
   * thread that fires this Deferred (the reactor) unless given their own executor.
   */
  public CompletableFuture<T> asFuture() {
    return FutureBridge.asFuture(this, Runnable::run);
  }

  /** {@link #asFuture()}, with a cancellation of the future handed to {@code reactorThread}. */
  public CompletableFuture<T> asFuture(Executor reactorThread) {
    return FutureBridge.asFuture(this, reactorThread);
  }

  /** Fires this Deferred with a result. */
  public void callback(T value) {
    if (value instanceof Deferred) {
      throw new IllegalArgumentException("a Deferred cannot be the result of callback()");
    }
    start(value);
  }

  /** Fires this Deferred with a failure. */
  public void errback(Throwable error) {
    start(Failure.of(error));
  }

  private void start(Object value) {
    if (called) {
      if (suppressAlreadyCalled) {
        suppressAlreadyCalled = false;
        return;
      }
      throw new AlreadyCalledError("Deferred already fired with " + describe(result));
    }
    called = true;
    result = value;
    runCallbacks();
  }

  /** True once {@code callback} or {@code errback} has been called. */
  public boolean called() {
    return called;
  }

  /** True while {@link #pause} calls outnumber {@link #unpause} calls. */
  public boolean isPaused() {
    return paused > 0;
  }

  /**
   * Adds a step with a callback and an errback. The errback does not see a failure raised by the
   * callback of the same step, only one that arrives from earlier in the chain.
   */
  @SuppressWarnings("unchecked")
  public <R> Deferred<R> addCallbacks(
      Callback<? super T, ? extends R> callback, Callback<? super Failure, ? extends R> errback) {
    append(callback, errback);
    if (called) {
      runCallbacks();
    }
    return (Deferred<R>) this;
  }

  /**
   * Adds a callback. If it returns a Deferred, the chain waits for that one and goes on with its
   * result (then the static type {@code R} is wrong: use {@link #addDeferredCallback} instead).
   */
  public <R> Deferred<R> addCallback(Callback<? super T, ? extends R> callback) {
    return addCallbacks(callback, null);
  }

  /** Adds a callback that returns a Deferred; the chain goes on with that Deferred's result. */
  @SuppressWarnings("unchecked")
  public <R> Deferred<R> addDeferredCallback(
      Callback<? super T, ? extends Deferred<? extends R>> callback) {
    append(callback, null);
    if (called) {
      runCallbacks();
    }
    return (Deferred<R>) this;
  }

  /**
   * Adds an errback: it sees failures only. Returning a value recovers (the chain goes on with
   * callbacks); throwing, returning a Failure, or a {@link Failure#trap} that does not match keeps
   * the chain on the errback path.
   */
  @SuppressWarnings("unchecked")
  public Deferred<T> addErrback(Callback<? super Failure, ?> errback) {
    append(null, errback);
    if (called) {
      runCallbacks();
    }
    return this;
  }

  /** Adds the same function as both callback and errback: it gets the result or the Failure. */
  public <R> Deferred<R> addBoth(Callback<Object, ? extends R> fn) {
    return addCallbacks(fn, fn);
  }

  /**
   * Forwards this Deferred's outcome to {@code other}: its result becomes {@code other}'s, and this
   * chain goes on with null.
   */
  public Deferred<Void> chainDeferred(Deferred<? super T> other) {
    other.chainedTo = this;
    return addCallbacks(
        r -> {
          other.callback(r);
          return null;
        },
        f -> {
          other.errback(f);
          return null;
        });
  }

  /**
   * Holds the chain: callbacks do not run until a matching {@link #unpause}. Called from one of
   * this Deferred's own callbacks, it stops the chain after that callback returns. (Twisted
   * keeps running the steps already queued and holds only later ones, despite documenting that
   * pause stops processing; we do what it documents.)
   */
  public void pause() {
    paused++;
  }

  /** Releases one {@link #pause}; if the Deferred has fired, the chain resumes. */
  public void unpause() {
    if (paused == 0) {
      throw new IllegalStateException("unpause() without pause()");
    }
    paused--;
    if (paused == 0 && called) {
      runCallbacks();
    }
  }

  /**
   * Cancels the operation this Deferred waits for. Unfired: calls the canceller, then errbacks
   * with {@link CancelledError} unless the canceller fired it. Waiting on a Deferred returned by
   * a callback: cancels that one. Already fired: does nothing.
   */
  public void cancel() {
    if (!called) {
      if (canceller != null) {
        canceller.accept(this);
      } else {
        // Twisted: the operation will still fire us later; that late call is not an error.
        suppressAlreadyCalled = true;
      }
      if (!called) {
        errback(new CancelledError());
      }
    } else if (result instanceof Deferred) {
      // Waiting on a Deferred returned by one of our callbacks: that is the operation to stop.
      ((Deferred<?>) result).cancel();
    }
  }

  /**
   * Cancels this Deferred if it has not fired {@code seconds} from now on {@code clock}, and turns
   * the resulting CancelledError into a {@link TimeoutError}.
   */
  public Deferred<T> addTimeout(double seconds, ReactorTime clock) {
    boolean[] timedOut = {false};
    DelayedCall call =
        clock.callLater(
            seconds,
            () -> {
              timedOut[0] = true;
              cancel();
            });
    addBoth(
        r -> {
          if (timedOut[0] && r instanceof Failure && ((Failure) r).check(CancelledError.class) != null) {
            TimeoutError e = new TimeoutError("Deferred timed out after " + seconds + " seconds");
            e.initCause(((Failure) r).value());
            throw e;
          }
          return r;
        });
    addBoth(
        r -> {
          if (call.active()) {
            call.cancel();
          }
          return r;
        });
    return this;
  }

  /**
   * Fires this Deferred so that it goes on with {@code other}'s outcome, before any step already
   * added: used by a cancelled coroutine, whose result must wait for its body to finish.
   */
  void resolveTo(Deferred<? extends T> other) {
    if (steps == null || head < 2) {
      append(null, null);
      System.arraycopy(steps, head, steps, head + 2, tail - head - 2);
    } else {
      head -= 2;
    }
    steps[head] = (Callback<Object, Object>) ignored -> other;
    steps[head + 1] = null;
    start(null);
  }

  private void append(Object callback, Object errback) {
    if (steps == null) {
      steps = new Object[8];
    } else if (tail == steps.length) {
      if (head > 0) {
        System.arraycopy(steps, head, steps, 0, tail - head);
        java.util.Arrays.fill(steps, tail - head, tail, null);
        tail -= head;
        head = 0;
      }
      if (tail == steps.length) {
        steps = java.util.Arrays.copyOf(steps, steps.length * 2);
      }
    }
    steps[tail++] = callback;
    steps[tail++] = errback;
  }

  /**
   * Runs as much of the chain as can run now. Deferreds waiting on each other are walked with an
   * explicit stack rather than recursion, so arbitrarily long chains of Deferreds cannot overflow
   * the Java stack.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private void runCallbacks() {
    if (runningCallbacks) {
      // A callback added a step to its own Deferred: the running loop below will pick it up.
      return;
    }
    Deferred<?> current = this;
    java.util.ArrayDeque<Deferred<?>> waiting = null;
    while (current != null) {
      if (current.paused > 0) {
        // It will not produce a result now; whatever waits on it waits too. The Deferreds below
        // it on the stack handed it their results and may still have steps of their own, which
        // can run now (Twisted leaves those stranded until the next add*; we do not).
        current = waiting == null || waiting.isEmpty() ? null : waiting.pop();
        continue;
      }
      boolean finished = true;
      current.chainedTo = null;
      while (current.head < current.tail && current.paused == 0) {
        Object[] s = current.steps;
        Object cb = s[current.head];
        Object eb = s[current.head + 1];
        s[current.head] = null;
        s[current.head + 1] = null;
        current.head += 2;
        if (current.head == current.tail) {
          current.head = 0;
          current.tail = 0;
        }
        if (cb instanceof Continuation) {
          Deferred<?> chainee = ((Continuation) cb).chainee;
          chainee.result = current.result;
          current.result = null;
          chainee.paused--;
          if (waiting == null) {
            waiting = new java.util.ArrayDeque<>();
          }
          waiting.push(current);
          current = chainee;
          finished = false;
          break;
        }
        Callback fn = (Callback) (current.result instanceof Failure ? eb : cb);
        if (fn == null) {
          continue;
        }
        current.runningCallbacks = true;
        try {
          current.result = fn.call(current.result);
          if (current.result == current) {
            throw new IllegalStateException("a callback returned its own Deferred");
          }
        } catch (Throwable t) {
          current.result = Failure.of(explain(t));
        } finally {
          current.runningCallbacks = false;
        }
        if (current.result instanceof Deferred) {
          Deferred<?> inner = (Deferred<?>) current.result;
          Object innerResult = inner.result;
          if (innerResult == NO_RESULT
              || innerResult instanceof Deferred
              || inner.paused > 0
              || inner.runningCallbacks
              || inner.head < inner.tail) {
            current.paused++;
            current.chainedTo = inner;
            inner.append(new Continuation(current), null);
            if (inner.called && inner.paused == 0 && !inner.runningCallbacks) {
              // It has fired but still has steps queued ahead of our continuation: run them next.
              if (waiting == null) {
                waiting = new java.util.ArrayDeque<>();
              }
              waiting.push(current);
              current = inner;
              finished = false;
            }
            break;
          }
          // It already has its result: take it, and the responsibility for any failure in it.
          inner.result = null;
          if (inner.unhandled != null) {
            inner.unhandled.clear();
          }
          current.result = innerResult;
        }
      }
      if (finished) {
        current.trackUnhandled();
        current = waiting == null || waiting.isEmpty() ? null : waiting.pop();
      }
    }
  }

  /**
   * A callback that returned a Deferred through {@link #addCallback} leaves the next step typed as
   * taking a Deferred, and Java's generated cast fails when it gets the awaited result instead.
   * Say what to do, since the JDK's message does not.
   */
  private static Throwable explain(Throwable t) {
    if (t instanceof ClassCastException
        && t.getMessage() != null
        && t.getMessage().contains("cannot be cast to class " + Deferred.class.getName())) {
      ClassCastException better =
          new ClassCastException(
              t.getMessage()
                  + " (a callback that returns a Deferred must be added with addDeferredCallback,"
                  + " so that the next step is typed with that Deferred's result)");
      better.initCause(t);
      return better;
    }
    return t;
  }

  private void trackUnhandled() {
    if (result instanceof Failure) {
      if (unhandled == null) {
        unhandled = UnhandledErrorTracker.register(this);
      }
      unhandled.set((Failure) result);
    } else if (unhandled != null) {
      unhandled.clear();
    }
  }

  private static String describe(Object value) {
    return value == NO_RESULT ? "no result" : String.valueOf(value);
  }

  @Override
  public String toString() {
    String state;
    if (!called) {
      state = "waiting";
    } else if (chainedTo != null) {
      state = "waiting on " + chainedTo;
    } else {
      state = "current result: " + describe(result);
    }
    return "<Deferred " + state + (paused > 0 ? ", paused" : "") + ">";
  }
}
