package dev.torsion.internet;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Moving work between the reactor thread and other threads: Twisted's {@code
 * twisted.internet.threads}.
 *
 * <p>The reactor thread must never block. To call a blocking API (JDBC, a file system, a library
 * with no asynchronous interface), hand it to {@link #deferToThread}, which runs it on the
 * reactor's thread pool and gives the result back as a {@link Deferred} fired on the reactor
 * thread. The other way round, code on a plain thread that needs the reactor uses {@link
 * #blockingCallFromThread}.
 *
 * <pre>{@code
 * Threads.deferToThread(reactor, () -> Files.readString(path))
 *     .addCallback(text -> { protocol.transport.write(text.getBytes(UTF_8)); return null; });
 * }</pre>
 *
 * <p>Compared with {@code CompletableFuture.supplyAsync(fn, executor)}: the callbacks run on the
 * reactor thread, never on the pool thread, so protocol code stays single-threaded.
 */
public final class Threads {
  /** The thread each reactor was last seen running our callFromThread tasks on. */
  private static final Map<Reactor, WeakReference<Thread>> REACTOR_THREADS = new WeakHashMap<>();

  private Threads() {}

  /**
   * Runs {@code fn} on the reactor's thread pool; the returned Deferred fires on the reactor
   * thread with its result, or fails with what it threw. Call it from the reactor thread.
   */
  public static <T> Deferred<T> deferToThread(Reactor reactor, Callable<T> fn) {
    Objects.requireNonNull(reactor, "reactor");
    Objects.requireNonNull(fn, "fn");
    Deferred<T> d = new Deferred<>();
    reactor.callInThread(() -> runAndReport(reactor, fn, d));
    return d;
  }

  /**
   * Like {@link #deferToThread}, on a pool of your own; the Deferred still fires on {@code
   * reactor}'s thread.
   */
  public static <T> Deferred<T> deferToThreadPool(
      Reactor reactor, ThreadPool pool, Callable<T> fn) {
    Objects.requireNonNull(reactor, "reactor");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(fn, "fn");
    Deferred<T> d = new Deferred<>();
    pool.callInThread(() -> runAndReport(reactor, fn, d));
    return d;
  }

  /**
   * Runs {@code tasks} one after another on a single pool thread, in order: for work that must
   * not overlap but must stay off the reactor thread. A task that throws is logged and the rest
   * still run.
   */
  public static void callMultipleInThread(Reactor reactor, List<? extends Runnable> tasks) {
    Objects.requireNonNull(reactor, "reactor");
    List<Runnable> copy = List.copyOf(tasks);
    reactor.callInThread(
        () -> {
          for (Runnable task : copy) {
            try {
              task.run();
            } catch (Throwable t) {
              Log.err(t, "Unhandled error in callMultipleInThread task " + task);
            }
          }
        });
  }

  /**
   * From a thread other than the reactor's, runs {@code fn} on the reactor thread and waits: if
   * {@code fn} returns a Deferred, waits for it to fire too. Returns the result, or throws what
   * {@code fn} threw or the Deferred failed with (checked exceptions wrapped in a {@link
   * Failure}). The reactor must be running. If the waiting thread is interrupted, it stops
   * waiting, keeps its interrupt status and throws a Failure of the InterruptedException.
   *
   * <pre>{@code
   * // on a worker thread:
   * Integer count = Threads.blockingCallFromThread(reactor, () -> registry.count());
   * }</pre>
   *
   * @throws IllegalStateException if called on the reactor thread, which would wait for itself
   *     forever
   */
  @SuppressWarnings("unchecked")
  public static <T> T blockingCallFromThread(Reactor reactor, Callable<?> fn) {
    Objects.requireNonNull(reactor, "reactor");
    Objects.requireNonNull(fn, "fn");
    if (isReactorThread(reactor)) {
      throw new IllegalStateException(
          "blockingCallFromThread called on the reactor thread; it would wait for itself forever");
    }
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<Object> outcome = new AtomicReference<>();
    reactor.callFromThread(
        () -> {
          learnReactorThread(reactor);
          Deferred<Object> d = Deferred.maybeDeferred(fn);
          d.addBoth(
              result -> {
                outcome.set(result);
                done.countDown();
                return null;
              });
        });
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Failure.of(e); // fn may still run on the reactor; we just stop waiting for it
    }
    Object result = outcome.get();
    if (result instanceof Failure) {
      Throwable t = ((Failure) result).value();
      if (t instanceof RuntimeException) {
        throw (RuntimeException) t;
      }
      if (t instanceof Error) {
        throw (Error) t;
      }
      throw (Failure) result; // a checked exception, wrapped so the signature stays honest
    }
    return (T) result;
  }

  /**
   * Whether the caller is the reactor's thread. The Reactor interface has no such query, so we use
   * two signs: the thread we saw running one of our callFromThread tasks for this reactor, and
   * the reactor's own {@code run()} on the caller's stack (the loop runs on the thread that
   * called it). The second catches the very first call; the first covers reactors, such as test
   * stand-ins, that run tasks without a {@code run()} frame.
   */
  private static boolean isReactorThread(Reactor reactor) {
    Thread current = Thread.currentThread();
    synchronized (REACTOR_THREADS) {
      WeakReference<Thread> known = REACTOR_THREADS.get(reactor);
      if (known != null && known.get() == current) {
        return true;
      }
    }
    Class<?> reactorClass = reactor.getClass();
    return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
        .walk(frames -> frames.anyMatch(
            f -> f.getMethodName().equals("run")
                && Reactor.class.isAssignableFrom(f.getDeclaringClass())
                && f.getDeclaringClass().isAssignableFrom(reactorClass)));
  }

  private static void learnReactorThread(Reactor reactor) {
    Thread current = Thread.currentThread();
    synchronized (REACTOR_THREADS) {
      WeakReference<Thread> known = REACTOR_THREADS.get(reactor);
      if (known == null || known.get() != current) {
        REACTOR_THREADS.put(reactor, new WeakReference<>(current));
      }
    }
  }

  private static <T> void runAndReport(Reactor reactor, Callable<T> fn, Deferred<T> d) {
    T result;
    try {
      result = fn.call();
    } catch (Throwable t) {
      reactor.callFromThread(
          () -> {
            learnReactorThread(reactor);
            d.errback(t);
          });
      return;
    }
    reactor.callFromThread(
        () -> {
          learnReactorThread(reactor);
          d.callback(result);
        });
  }
}
