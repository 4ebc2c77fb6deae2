package dev.torsion.trial.internal;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Log;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.TimeoutError;
import dev.torsion.internet.internal.ReactorIntrospection;
import dev.torsion.trial.DirtyReactorError;
import dev.torsion.trial.LoggedErrorsError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor.Invocation;

/**
 * One test's reactor, running on a thread of its own from before the test's {@code @BeforeEach}
 * methods to after its {@code @AfterEach} methods, and what the test logged meanwhile.
 *
 * <p>Threads: the JUnit thread hands each invocation to the reactor thread and waits for it
 * (bounded by the timeout); everything the test does runs on the reactor thread. Logged errors
 * are attributed to the session that owns the logging thread (the reactor thread, the JUnit
 * thread, or a thread started from them, such as a pool thread); an error logged on a thread no
 * session owns (the Deferred cleaner) goes to every running session.
 */
public final class TrialSession implements ExtensionContext.Store.CloseableResource {
  private static final Map<Thread, TrialSession> BY_THREAD = new ConcurrentHashMap<>();
  private static final Set<TrialSession> ACTIVE = ConcurrentHashMap.newKeySet();
  private static final InheritableThreadLocal<TrialSession> INHERITED = new InheritableThreadLocal<>();
  /** How long finishing a test may wait on the reactor thread before calling it stuck. */
  private static final long HOP_MILLIS = 10_000;
  private static final boolean GC_AFTER_TEST =
      !"false".equals(System.getProperty("torsion.trial.gc"));

  static {
    Log.addErrorObserver(TrialSession::dispatch);
  }

  private final String testName;
  private final double timeoutSeconds;
  private final Thread junitThread;
  private final Thread reactorThread;
  private final CompletableFuture<Reactor> started = new CompletableFuture<>();
  private volatile Reactor reactor;
  private final List<Log.LoggedError> loggedErrors = new ArrayList<>();
  private final List<Object> pendingWaits = new ArrayList<>();
  private boolean finished;

  private TrialSession(String testName, double timeoutSeconds) {
    this.testName = testName;
    this.timeoutSeconds = timeoutSeconds;
    this.junitThread = Thread.currentThread();
    this.reactorThread = new Thread(this::runReactor, "trial-reactor " + testName);
    this.reactorThread.setDaemon(true);
  }

  /** Starts a fresh reactor for {@code testName} and waits until it runs. */
  public static TrialSession start(String testName, double timeoutSeconds) {
    TrialSession s = new TrialSession(testName, timeoutSeconds);
    ACTIVE.add(s);
    BY_THREAD.put(s.junitThread, s);
    BY_THREAD.put(s.reactorThread, s);
    s.reactorThread.start();
    try {
      s.reactor = s.started.get(HOP_MILLIS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      s.deregister();
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("trial could not start a reactor for " + testName, cause);
    }
    return s;
  }

  private void runReactor() {
    INHERITED.set(this);
    Reactor r;
    try {
      r = ReactorFactory.newReactor();
      r.callWhenRunning(() -> started.complete(r));
    } catch (Throwable t) {
      started.completeExceptionally(t);
      return;
    }
    try {
      r.run();
    } catch (Throwable t) {
      started.completeExceptionally(t);
      Log.err(t, "trial: the reactor of " + testName + " crashed");
    }
  }

  /** The session of the test running on this thread; fails naming {@code what} otherwise. */
  public static TrialSession current(String what) {
    TrialSession s = BY_THREAD.get(Thread.currentThread());
    if (s == null) {
      TrialSession inherited = INHERITED.get();
      if (inherited != null && ACTIVE.contains(inherited)) {
        s = inherited;
      }
    }
    if (s == null) {
      throw new IllegalStateException(
          what + " is only for tests run by trial: annotate the class @TrialTest "
              + "(or the method @DeferredTest) and call it from the test's own thread");
    }
    return s;
  }

  public Reactor reactor() {
    return reactor;
  }

  public String testName() {
    return testName;
  }

  // ---- running invocations ----

  /**
   * Runs {@code invocation} on the reactor thread, then waits for the Deferred or CompletionStage
   * it returned and any given to {@code waitFor}. Returns what the invocation returned; throws
   * what it threw, the failure it ended in, or a timeout naming what it waited for.
   */
  public Object run(Invocation<?> invocation, String what) throws Throwable {
    CompletableFuture<Object> outcome = new CompletableFuture<>();
    AtomicReference<Object> waitingOn = new AtomicReference<>();
    AtomicReference<Object> returned = new AtomicReference<>();
    CountDownLatch methodReturned = new CountDownLatch(1);
    reactor.callFromThread(
        () -> {
          Object value;
          try {
            value = invocation.proceed();
          } catch (Throwable t) {
            methodReturned.countDown();
            outcome.completeExceptionally(t);
            return;
          }
          methodReturned.countDown();
          returned.set(value);
          List<Object> waits = new ArrayList<>(pendingWaits);
          pendingWaits.clear();
          if (value instanceof Deferred || value instanceof CompletionStage) {
            waits.add(value);
          }
          awaitAll(waits, 0, outcome, waitingOn, value);
        });
    try {
      outcome.get((long) (timeoutSeconds * 1000), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause();
    } catch (TimeoutException e) {
      throw timedOut(what, waitingOn.get(), methodReturned.getCount() == 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw e;
    }
    return returned.get();
  }

  private void awaitAll(
      List<Object> waits,
      int i,
      CompletableFuture<Object> outcome,
      AtomicReference<Object> waitingOn,
      Object value) {
    if (i == waits.size()) {
      outcome.complete(value);
      return;
    }
    Object w = waits.get(i);
    waitingOn.set(w);
    if (w instanceof Deferred) {
      // Returning null takes the result: a failure reported here is not "unhandled" later.
      ((Deferred<?>) w)
          .addBoth(
              r -> {
                if (r instanceof Failure) {
                  outcome.completeExceptionally(((Failure) r).value());
                } else {
                  awaitAll(waits, i + 1, outcome, waitingOn, value);
                }
                return null;
              });
    } else {
      ((CompletionStage<?>) w)
          .whenComplete(
              (r, error) -> {
                if (error != null) {
                  outcome.completeExceptionally(unwrap(error));
                } else {
                  reactor.callFromThread(() -> awaitAll(waits, i + 1, outcome, waitingOn, value));
                }
              });
    }
  }

  private Throwable timedOut(String what, Object waitingOn, boolean methodReturned) {
    StringBuilder msg =
        new StringBuilder(what)
            .append(" timed out after ")
            .append(timeoutSeconds)
            .append(" seconds");
    if (!methodReturned) {
      msg.append(": the method never returned; the reactor thread is at:");
      for (StackTraceElement e : reactorThread.getStackTrace()) {
        msg.append("\n\tat ").append(e);
      }
      reactorThread.interrupt();
    } else {
      msg.append(" waiting for ").append(describeOnReactor(waitingOn));
      if (waitingOn instanceof Deferred) {
        // Cancel it as the timeout would in the code under test, so cancellers free what they hold.
        reactor.callFromThread(() -> ((Deferred<?>) waitingOn).cancel());
      }
    }
    return new TimeoutError(msg.toString());
  }

  private String describeOnReactor(Object o) {
    CompletableFuture<String> text = new CompletableFuture<>();
    reactor.callFromThread(() -> text.complete(String.valueOf(o)));
    try {
      return text.get(1, TimeUnit.SECONDS);
    } catch (Exception e) {
      return String.valueOf(o);
    }
  }

  /** Remembers a Deferred or CompletionStage the current invocation should wait for. */
  public void waitFor(Object deferredOrStage) {
    if (Thread.currentThread() != reactorThread) {
      throw new IllegalStateException("Trial.waitFor() must be called on the test's reactor thread");
    }
    pendingWaits.add(deferredOrStage);
  }

  // ---- logged errors ----

  private static void dispatch(Log.LoggedError error) {
    TrialSession owner = BY_THREAD.get(Thread.currentThread());
    if (owner == null) {
      TrialSession inherited = INHERITED.get();
      if (inherited != null && ACTIVE.contains(inherited)) {
        owner = inherited;
      }
    }
    if (owner != null) {
      owner.record(error);
      return;
    }
    for (TrialSession s : ACTIVE) {
      s.record(error);
    }
  }

  private void record(Log.LoggedError error) {
    synchronized (loggedErrors) {
      loggedErrors.add(error);
    }
  }

  /** Removes and returns the logged errors of one of {@code types} (any, if none given). */
  @SafeVarargs
  public final List<Failure> flushLoggedErrors(Class<? extends Throwable>... types) {
    List<Failure> taken = new ArrayList<>();
    synchronized (loggedErrors) {
      loggedErrors.removeIf(
          e -> {
            if (types.length == 0 || e.failure().check(types) != null) {
              taken.add(e.failure());
              return true;
            }
            return false;
          });
    }
    return taken;
  }

  // ---- after the test ----

  /**
   * Checks for a dirty reactor, cleans it, collects garbage so unhandled Deferred failures are
   * logged, stops the reactor, and throws what the test left behind (dirty reactor, logged
   * errors), if anything.
   */
  public void finish() throws Throwable {
    if (finished) {
      return;
    }
    finished = true;
    List<Throwable> problems = new ArrayList<>();
    try {
      DirtyReactorError dirty = checkAndClean();
      if (dirty != null) {
        problems.add(dirty);
      }
    } catch (Throwable t) {
      problems.add(t);
    }
    if (GC_AFTER_TEST) {
      GcSentinel.collect();
    }
    Throwable stopProblem = stopReactor();
    List<Log.LoggedError> errors;
    synchronized (loggedErrors) {
      errors = new ArrayList<>(loggedErrors);
      loggedErrors.clear();
    }
    deregister();
    if (!errors.isEmpty()) {
      problems.add(new LoggedErrorsError(testName, errors));
    }
    if (stopProblem != null) {
      problems.add(stopProblem);
    }
    if (!problems.isEmpty()) {
      Throwable first = problems.get(0);
      for (Throwable other : problems.subList(1, problems.size())) {
        first.addSuppressed(other);
      }
      throw first;
    }
  }

  private DirtyReactorError checkAndClean() throws Exception {
    settlePoolThreads();
    CompletableFuture<DirtyReactorError> result = new CompletableFuture<>();
    reactor.callFromThread(
        () -> {
          try {
            result.complete(inspectAndClean());
          } catch (Throwable t) {
            result.completeExceptionally(t);
          }
        });
    try {
      return result.get(HOP_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "trial could not check the reactor after " + testName + ": its thread is busy at "
              + Arrays.toString(reactorThread.getStackTrace()));
    } catch (ExecutionException e) {
      throw new IllegalStateException("trial's dirty-reactor check failed", e.getCause());
    }
  }

  /**
   * A pool task hands its result to the reactor (callFromThread) and only then returns, so the
   * test can end, and be checked, while the thread is still on its way back: busy for a few
   * microseconds more. Give such threads a moment; one still busy after it is really working.
   */
  private void settlePoolThreads() throws InterruptedException {
    if (!(reactor instanceof ReactorIntrospection r)) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
    while (r.busyThreads() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
  }

  private static final long SETTLE_MILLIS = 500;

  private DirtyReactorError inspectAndClean() {
    if (!(reactor instanceof ReactorIntrospection)) {
      return null;
    }
    ReactorIntrospection r = (ReactorIntrospection) reactor;
    List<String> calls =
        r.pendingDelayedCalls().stream().map(String::valueOf).collect(Collectors.toList());
    List<String> ports = List.copyOf(r.openPorts());
    List<String> connections = List.copyOf(r.openConnections());
    int busy = r.busyThreads();
    if (calls.isEmpty() && ports.isEmpty() && connections.isEmpty() && busy == 0) {
      return null;
    }
    r.cleanUp();
    return new DirtyReactorError(testName, calls, ports, connections, busy);
  }

  private Throwable stopReactor() {
    reactor.callFromThread(
        () -> {
          if (reactor.isRunning()) {
            reactor.stop();
          }
        });
    try {
      reactorThread.join(HOP_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (reactorThread.isAlive()) {
      reactorThread.interrupt();
      return new IllegalStateException(
          "the reactor of " + testName + " did not stop within " + HOP_MILLIS + " ms; it is at "
              + Arrays.toString(reactorThread.getStackTrace()));
    }
    return null;
  }

  private void deregister() {
    ACTIVE.remove(this);
    BY_THREAD.remove(junitThread, this);
    BY_THREAD.remove(reactorThread, this);
  }

  /** Stops the reactor if the test ended without {@link #finish} (JUnit closes the store). */
  @Override
  public void close() {
    if (!finished) {
      finished = true;
      stopReactor();
      deregister();
    }
  }

  /** The exception a CompletionStage failed with, without the wrappers CompletableFuture adds. */
  public static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
