package dev.torsion.internet;

import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A pool of worker threads for blocking work that must stay off the reactor thread: Twisted's
 * {@code twisted.python.threadpool.ThreadPool}.
 *
 * <p>Unlike a {@link java.util.concurrent.ThreadPoolExecutor}, it has Twisted's lifecycle: work
 * given before {@link #start} waits for it; {@link #stop} refuses new work, lets the queued work
 * finish and joins every thread, so nothing is left running behind a stopped reactor. Threads
 * grow on demand from {@code minThreads} to {@code maxThreads}; idle threads above the minimum end
 * after a while. A task that throws is reported through {@link Log#err} and its worker goes on.
 *
 * <pre>{@code
 * ThreadPool pool = new ThreadPool(0, 10, "db");
 * pool.start();
 * pool.callInThread(() -> database.vacuum());
 * pool.stop();   // waits for the vacuum to finish
 * }</pre>
 *
 * <p>Most code should not make its own pool: use {@link Threads#deferToThread}, which runs on the
 * reactor's pool and fires its Deferred back on the reactor thread. All methods are thread-safe.
 */
public final class ThreadPool {
  private static final long DEFAULT_IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final String name;
  private final ThreadFactory virtualFactory; // null for a pool of platform workers
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition workAvailable = lock.newCondition();
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private final Set<Thread> threads = new HashSet<>();

  private int min;
  private int max;
  private int busy;
  private int nextThreadNumber = 1;
  private boolean started;
  private boolean stopped;
  private long idleNanos = DEFAULT_IDLE_NANOS;

  /**
   * A pool of platform threads named {@code name-1}, {@code name-2}, ..., between {@code
   * minThreads} and {@code maxThreads} of them once started.
   */
  public ThreadPool(int minThreads, int maxThreads, String name) {
    this(name, null);
    checkSizes(minThreads, maxThreads);
    this.min = minThreads;
    this.max = maxThreads;
  }

  private ThreadPool(String name, ThreadFactory virtualFactory) {
    this.name = Objects.requireNonNull(name, "name");
    this.virtualFactory = virtualFactory;
  }

  /**
   * A pool that runs each task on a new virtual thread, with no upper bound: for many tasks that
   * mostly wait. Needs Java 21 or later (see {@link #supportsVirtualThreads}); it still counts
   * busy tasks and joins them on {@link #stop}.
   *
   * @throws UnsupportedOperationException on a JDK without virtual threads
   */
  public static ThreadPool virtual(String name) {
    Objects.requireNonNull(name, "name");
    ThreadFactory factory = VirtualThreads.factory(name + "-");
    if (factory == null) {
      throw new UnsupportedOperationException(
          "virtual threads need Java 21 or later; this is Java " + Runtime.version().feature());
    }
    ThreadPool pool = new ThreadPool(name, factory);
    pool.min = 0;
    pool.max = Integer.MAX_VALUE;
    return pool;
  }

  /** True if this JDK has virtual threads, so that {@link #virtual} works. */
  public static boolean supportsVirtualThreads() {
    return VirtualThreads.factory("probe-") != null;
  }

  /** Starts the minimum number of workers, and enough more for work queued before now. */
  public void start() {
    lock.lock();
    try {
      if (stopped) {
        throw new IllegalStateException("thread pool " + name + " was stopped; it cannot restart");
      }
      if (started) {
        return;
      }
      started = true;
      if (virtualFactory != null) {
        while (!queue.isEmpty()) {
          startVirtual(queue.poll());
        }
        return;
      }
      int wanted = Math.min(max, Math.max(min, queue.size()));
      while (threads.size() < wanted) {
        startWorker();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code task} on a pool thread: an idle worker if there is one, else a new worker if the
   * pool is below its maximum, else the task waits in the queue. Before {@link #start}, it waits
   * for the start.
   *
   * @throws IllegalStateException once the pool is stopped
   */
  public void callInThread(Runnable task) {
    Objects.requireNonNull(task, "task");
    lock.lock();
    try {
      if (stopped) {
        throw new IllegalStateException("thread pool " + name + " is stopped");
      }
      if (started && virtualFactory != null) {
        startVirtual(task);
        return;
      }
      queue.add(task);
      if (!started) {
        return;
      }
      // Workers not running a task are waiting, or about to look at the queue: enough of them?
      if (threads.size() - busy >= queue.size()) {
        workAvailable.signal();
      } else if (threads.size() < max) {
        startWorker();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Refuses new work, lets queued and running work finish, and waits for every pool thread to
   * end. Called from a pool thread itself, it waits for all the others.
   */
  public void stop() {
    List<Thread> toJoin;
    lock.lock();
    try {
      stopped = true;
      if (!started) {
        queue.clear(); // never started: nothing ran, nothing will
      }
      workAvailable.signalAll();
      toJoin = new ArrayList<>(threads);
    } finally {
      lock.unlock();
    }
    boolean interrupted = false;
    for (Thread t : toJoin) {
      if (t == Thread.currentThread()) {
        continue;
      }
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // finish joining; the promise of stop() is that nothing is left
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Changes the bounds. Started pools grow to the new minimum at once; workers above a lowered
   * maximum end as they become idle. Virtual pools have no bounds and ignore this.
   */
  public void adjustPoolsize(int minThreads, int maxThreads) {
    checkSizes(minThreads, maxThreads);
    lock.lock();
    try {
      if (virtualFactory != null) {
        return;
      }
      min = minThreads;
      max = maxThreads;
      if (!started || stopped) {
        return;
      }
      int wanted = Math.min(max, Math.max(min, queue.size() + busy));
      while (threads.size() < wanted) {
        startWorker();
      }
      workAvailable.signalAll(); // idle workers above the new maximum notice and end
    } finally {
      lock.unlock();
    }
  }

  /** How many tasks are running now. */
  public int busyCount() {
    lock.lock();
    try {
      return busy;
    } finally {
      lock.unlock();
    }
  }

  /** How many pool threads are alive now, busy or idle. */
  public int workerCount() {
    lock.lock();
    try {
      return threads.size();
    } finally {
      lock.unlock();
    }
  }

  /** How many tasks wait for a thread. */
  public int queuedCount() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** The minimum number of workers of a started pool. */
  public int getMin() {
    lock.lock();
    try {
      return min;
    } finally {
      lock.unlock();
    }
  }

  /** The maximum number of workers. */
  public int getMax() {
    lock.lock();
    try {
      return max;
    } finally {
      lock.unlock();
    }
  }

  /** The name the pool's threads are named after. */
  public String getName() {
    return name;
  }

  /** True between {@link #start} and {@link #stop}. */
  public boolean isRunning() {
    lock.lock();
    try {
      return started && !stopped;
    } finally {
      lock.unlock();
    }
  }

  /** How long an idle worker above the minimum waits for work before ending; for tests. */
  void setIdleTimeout(long amount, TimeUnit unit) {
    lock.lock();
    try {
      idleNanos = unit.toNanos(amount);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "ThreadPool(" + name + ", workers=" + threads.size() + ", busy=" + busy
          + ", queued=" + queue.size() + ")";
    } finally {
      lock.unlock();
    }
  }

  private static void checkSizes(int minThreads, int maxThreads) {
    if (minThreads < 0 || maxThreads < 1 || minThreads > maxThreads) {
      throw new IllegalArgumentException(
          "thread pool sizes must satisfy 0 <= min <= max and max >= 1; got min="
              + minThreads + " max=" + maxThreads);
    }
  }

  // --- platform workers; all called with the lock held ---

  private void startWorker() {
    Thread t = new Thread(this::workerLoop, name + "-" + nextThreadNumber++);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  private void workerLoop() {
    Thread self = Thread.currentThread();
    lock.lock();
    try {
      while (true) {
        Runnable task = queue.poll();
        if (task == null) {
          if (stopped || threads.size() > max) {
            break;
          }
          long waited;
          try {
            waited = workAvailable.awaitNanos(idleNanos);
          } catch (InterruptedException e) {
            waited = 1; // a stray interrupt is not a reason to end; look at the state again
          }
          if (waited <= 0 && queue.isEmpty() && threads.size() > min) {
            break;
          }
          continue;
        }
        busy++;
        lock.unlock();
        try {
          runTask(task);
        } finally {
          lock.lock();
          busy--;
        }
      }
      threads.remove(self);
    } finally {
      lock.unlock();
    }
  }

  private void runTask(Runnable task) {
    try {
      task.run();
    } catch (Throwable t) {
      Log.err(t, "Unhandled error in thread pool " + name + " task " + task);
    }
    Thread.interrupted(); // an interrupt aimed at the task must not reach the next one
  }

  // --- virtual threads: one per task; called with the lock held ---

  private void startVirtual(Runnable task) {
    busy++;
    Thread t = virtualFactory.newThread(() -> runVirtual(task));
    threads.add(t);
    t.start();
  }

  private void runVirtual(Runnable task) {
    try {
      runTask(task);
    } finally {
      lock.lock();
      try {
        busy--;
        threads.remove(Thread.currentThread());
      } finally {
        lock.unlock();
      }
    }
  }

  /** Finds {@code Thread.ofVirtual()} by reflection, since Torsion compiles for Java 17. */
  private static final class VirtualThreads {
    private VirtualThreads() {}

    static ThreadFactory factory(String prefix) {
      try {
        Method ofVirtual = Thread.class.getMethod("ofVirtual");
        Object builder = ofVirtual.invoke(null);
        Class<?> builderType = Class.forName("java.lang.Thread$Builder");
        builder = builderType.getMethod("name", String.class, long.class).invoke(builder, prefix, 1L);
        return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null; // Java 17-20, or preview-only virtual threads
      }
    }
  }
}
