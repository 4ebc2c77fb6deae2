package dev.torsion.internet;

import java.lang.reflect.Method;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;

/**
 * Straight-line code over Deferreds: Twisted's {@code inlineCallbacks}/{@code ensureDeferred}.
 * Inside {@link #inlineCallbacks}, {@link #await} waits for a Deferred and returns its result, or
 * throws its failure, so ordinary {@code try}/{@code catch} and loops work across asynchronous
 * steps.
 *
 * <pre>{@code
 * import static dev.torsion.internet.Coroutine.await;
 *
 * Deferred<Integer> words = Coroutine.inlineCallbacks(() -> {
 *   String page;
 *   try {
 *     page = await(getPage(url));
 *   } catch (ConnectError e) {
 *     page = await(getPage(mirror));
 *   }
 *   return page.split("\\s+").length;
 * });
 * }</pre>
 *
 * <p>How it runs: the body runs on a thread of its own (a virtual thread on a JDK that has them,
 * else a daemon platform thread), but never at the same time as the thread that started or
 * resumed it. {@code inlineCallbacks} blocks the calling (reactor) thread until the body reaches
 * an {@code await} on a Deferred that has not fired, or finishes; when that Deferred fires, the
 * thread firing it (the reactor) hands control back and again waits until the next suspension.
 * The hand-offs are happens-before edges, so the pieces between awaits run one at a time, as if
 * on the reactor thread: they may touch protocol state without locks, and must not block (the
 * reactor is waiting on them). An {@code await} on a Deferred that has already fired goes on at
 * once.
 *
 * <p>The body's return value fires the returned Deferred; an exception it throws fails it.
 * {@code await} throws a failure's exception itself when unchecked, else the {@link Failure}
 * wrapping it. The awaited Deferred's chain goes on with null afterwards, as in Twisted.
 * Cancelling the returned Deferred cancels the Deferred being awaited; the body sees the
 * {@link CancelledError} at its {@code await} and decides what the result is (if it catches the
 * error and goes on, the returned Deferred waits for it to finish).
 *
 * <p>A body that awaits a Deferred which never fires keeps its thread parked forever (a virtual
 * thread costs little; a platform thread is a daemon). Give such waits a timeout with {@link
 * Deferred#addTimeout}.
 */
public final class Coroutine<T> {
  private static final ThreadLocal<Coroutine<?>> CURRENT = new ThreadLocal<>();
  private static final Method OF_VIRTUAL = findOfVirtual();

  private final Callable<T> body;
  private final Semaphore toBody = new Semaphore(0);
  private final Semaphore toCaller = new Semaphore(0);
  private Thread thread;
  /** The Deferred the body's outcome fires; replaced when a cancelled body keeps going. */
  private Deferred<T> target;
  private Deferred<?> awaited;
  /** The awaited Deferred's outcome, handed to the body. */
  private Object delivered;
  private boolean deliveredInline;
  private boolean done;
  private T value;
  private Throwable error;

  private Coroutine(Callable<T> body) {
    this.body = body;
  }

  /**
   * Runs {@code body} as a coroutine and returns a Deferred of its outcome. Returns once the body
   * has finished or is waiting in an {@link #await}.
   */
  public static <T> Deferred<T> inlineCallbacks(Callable<T> body) {
    Coroutine<T> co = new Coroutine<>(body);
    Deferred<T> result = new Deferred<>(d -> co.cancel());
    co.target = result;
    co.thread = newThread(co::runBody);
    co.thread.start();
    co.toCaller.acquireUninterruptibly();
    co.afterSlice();
    return result;
  }

  /**
   * Waits for {@code d} and returns its result, or throws its failure (the exception itself when
   * unchecked, else the {@link Failure}). Only inside {@link #inlineCallbacks}.
   *
   * @throws IllegalStateException when called outside a coroutine body
   */
  @SuppressWarnings("unchecked")
  public static <T> T await(Deferred<T> d) {
    Coroutine<?> co = CURRENT.get();
    if (co == null) {
      throw new IllegalStateException("await() called outside Coroutine.inlineCallbacks");
    }
    Object outcome = co.suspendOn(d);
    if (outcome instanceof Failure) {
      throw ((Failure) outcome).raiseException();
    }
    return (T) outcome;
  }

  // ---- the body's side ----

  private void runBody() {
    CURRENT.set(this);
    try {
      value = body.call();
    } catch (Throwable t) {
      error = t;
    } finally {
      CURRENT.remove();
    }
    done = true;
    toCaller.release(); // the last thing this thread does
  }

  private Object suspendOn(Deferred<?> d) {
    deliveredInline = false;
    awaited = d;
    d.addBoth(this::deliver);
    if (!deliveredInline) {
      toCaller.release();
      toBody.acquireUninterruptibly();
    }
    awaited = null;
    Object outcome = delivered;
    delivered = null;
    return outcome;
  }

  // ---- the firing thread's side ----

  private Object deliver(Object outcome) {
    delivered = outcome;
    if (Thread.currentThread() == thread) {
      deliveredInline = true; // fired already: the body goes on without a hand-off
      return null;
    }
    toBody.release();
    toCaller.acquireUninterruptibly();
    afterSlice();
    return null;
  }

  /** Runs on the caller's thread each time the body hands control back. */
  private void afterSlice() {
    if (!done) {
      return;
    }
    boolean interrupted = false;
    while (true) {
      try {
        thread.join(); // it has released its last permit; this returns at once
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Deferred<T> d = target;
    if (error != null) {
      d.errback(error);
    } else {
      d.callback(value);
    }
  }

  private void cancel() {
    Deferred<?> waitingOn = awaited;
    if (waitingOn != null) {
      waitingOn.cancel(); // the body sees CancelledError at its await and runs until it next stops
    }
    if (!done && !target.called()) {
      // The body is still going: the cancelled Deferred takes whatever it ends with.
      Deferred<T> later = new Deferred<>(d -> cancel());
      Deferred<T> cancelled = target;
      target = later;
      cancelled.resolveTo(later);
    }
  }

  // ---- threads ----

  private static Thread newThread(Runnable r) {
    if (OF_VIRTUAL != null) {
      try {
        Class<?> builderType = Class.forName("java.lang.Thread$Builder");
        Object builder = OF_VIRTUAL.invoke(null);
        builder = builderType.getMethod("name", String.class).invoke(builder, "torsion-coroutine");
        return (Thread) builderType.getMethod("unstarted", Runnable.class).invoke(builder, r);
      } catch (ReflectiveOperationException | RuntimeException e) {
        // fall through to a platform thread
      }
    }
    Thread t = new Thread(r, "torsion-coroutine");
    t.setDaemon(true);
    return t;
  }

  private static Method findOfVirtual() {
    try {
      Method m = Thread.class.getMethod("ofVirtual");
      m.invoke(null); // throws on a JDK where virtual threads are a disabled preview
      return m;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }
}
