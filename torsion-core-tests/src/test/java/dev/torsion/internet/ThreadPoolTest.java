package dev.torsion.internet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThreadPoolTest {
  private static final long WAIT = 20;

  private ThreadPool pool;

  @AfterEach
  void stopPool() {
    if (pool != null) {
      pool.stop();
      assertThat(pool.workerCount()).isZero();
    }
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    assertThat(latch.await(WAIT, TimeUnit.SECONDS)).as("latch released in time").isTrue();
  }

  @Test
  void runsTasksOnNamedDaemonThreads() throws Exception {
    pool = new ThreadPool(0, 2, "work");
    pool.start();
    AtomicReference<Thread> ran = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);

    pool.callInThread(() -> {
      ran.set(Thread.currentThread());
      done.countDown();
    });

    await(done);
    assertThat(ran.get().getName()).isEqualTo("work-1");
    assertThat(ran.get().isDaemon()).isTrue();
  }

  @Test
  void startsTheMinimumNumberOfWorkers() {
    pool = new ThreadPool(3, 5, "min");
    pool.start();
    assertThat(pool.workerCount()).isEqualTo(3);
    assertThat(pool.busyCount()).isZero();
  }

  @Test
  void growsToMaxThenQueues() throws Exception {
    pool = new ThreadPool(0, 2, "grow");
    pool.start();
    CountDownLatch bothRunning = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch thirdRan = new CountDownLatch(1);
    Runnable blocker = () -> {
      bothRunning.countDown();
      awaitQuietly(release);
    };

    pool.callInThread(blocker);
    pool.callInThread(blocker);
    pool.callInThread(thirdRan::countDown);

    await(bothRunning);
    assertThat(pool.workerCount()).isEqualTo(2);
    assertThat(pool.busyCount()).isEqualTo(2);
    assertThat(pool.queuedCount()).isEqualTo(1);
    assertThat(thirdRan.getCount()).isEqualTo(1);

    release.countDown();
    await(thirdRan);
    assertThat(pool.workerCount()).isEqualTo(2);
  }

  @Test
  void workGivenBeforeStartRunsOnStart() throws Exception {
    pool = new ThreadPool(0, 2, "early");
    CountDownLatch ran = new CountDownLatch(1);
    pool.callInThread(ran::countDown);
    assertThat(pool.queuedCount()).isEqualTo(1);
    assertThat(pool.workerCount()).isZero();

    pool.start();

    await(ran);
  }

  @Test
  void stopFinishesQueuedWorkAndJoinsEveryThread() {
    pool = new ThreadPool(1, 1, "stop");
    pool.start();
    List<Integer> order = new CopyOnWriteArrayList<>();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      pool.callInThread(() -> {
        threads.add(Thread.currentThread());
        order.add(n);
      });
    }

    pool.stop();

    assertThat(order).containsExactly(0, 1, 2, 3, 4);
    assertThat(threads).allSatisfy(t -> assertThat(t.isAlive()).isFalse());
    assertThat(pool.workerCount()).isZero();
    assertThat(pool.isRunning()).isFalse();
  }

  @Test
  void refusesWorkAfterStop() {
    pool = new ThreadPool(0, 1, "refuse");
    pool.start();
    pool.stop();
    assertThatThrownBy(() -> pool.callInThread(() -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("refuse");
    assertThatThrownBy(pool::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aTaskThatThrowsIsLoggedAndTheWorkerGoesOn() throws Exception {
    pool = new ThreadPool(0, 1, "throws");
    pool.start();
    List<Log.LoggedError> logged = new CopyOnWriteArrayList<>();
    AtomicReference<Thread> first = new AtomicReference<>();
    AtomicReference<Thread> second = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    try (AutoCloseable observer = Log.addErrorObserver(logged::add)) {
      pool.callInThread(() -> {
        first.set(Thread.currentThread());
        throw new IllegalStateException("boom");
      });
      pool.callInThread(() -> {
        second.set(Thread.currentThread());
        done.countDown();
      });
      await(done);
    }

    assertThat(logged).hasSize(1);
    assertThat(logged.get(0).failure().value()).hasMessage("boom");
    assertThat(logged.get(0).why()).contains("throws");
    assertThat(second.get()).isSameAs(first.get());
  }

  @Test
  void idleWorkersAboveTheMinimumEnd() throws Exception {
    pool = new ThreadPool(0, 2, "idle");
    pool.setIdleTimeout(10, TimeUnit.MILLISECONDS);
    pool.start();
    AtomicReference<Thread> worker = new AtomicReference<>();
    CountDownLatch ran = new CountDownLatch(1);
    pool.callInThread(() -> {
      worker.set(Thread.currentThread());
      ran.countDown();
    });
    await(ran);

    worker.get().join(TimeUnit.SECONDS.toMillis(WAIT));

    assertThat(worker.get().isAlive()).isFalse();
    assertThat(pool.workerCount()).isZero();
  }

  @Test
  void idleWorkersAtTheMinimumStay() throws Exception {
    pool = new ThreadPool(1, 2, "stay");
    pool.setIdleTimeout(1, TimeUnit.MILLISECONDS);
    pool.start();
    Thread worker = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("stay-1"))
        .findFirst()
        .orElseThrow();

    worker.join(100); // a hundred idle timeouts pass; the minimum worker must still be there

    assertThat(worker.isAlive()).isTrue();
    assertThat(pool.workerCount()).isEqualTo(1);
  }

  @Test
  void adjustPoolsizeGrowsAStartedPoolToTheNewMinimum() {
    pool = new ThreadPool(0, 2, "adjust");
    pool.start();
    pool.adjustPoolsize(3, 4);
    assertThat(pool.workerCount()).isEqualTo(3);
    assertThat(pool.getMin()).isEqualTo(3);
    assertThat(pool.getMax()).isEqualTo(4);
  }

  @Test
  void adjustPoolsizeShrinksIdleWorkersAboveTheNewMaximum() throws Exception {
    pool = new ThreadPool(3, 3, "shrink");
    pool.start();
    List<Thread> workers = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("shrink-"))
        .toList();
    assertThat(workers).hasSize(3);
    CountDownLatch twoEnded = new CountDownLatch(2);
    for (Thread w : workers) {
      Thread joiner = new Thread(() -> {
        try {
          w.join();
          twoEnded.countDown();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      joiner.setDaemon(true);
      joiner.start(); // the one joining the survivor ends when @AfterEach stops the pool
    }

    pool.adjustPoolsize(1, 1);

    await(twoEnded);
    assertThat(pool.workerCount()).isEqualTo(1);
  }

  @Test
  void rejectsImpossibleSizes() {
    assertThatThrownBy(() -> new ThreadPool(3, 2, "bad"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("min=3 max=2");
    assertThatThrownBy(() -> new ThreadPool(-1, 2, "bad"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void virtualPoolRunsEachTaskOnAVirtualThreadAndJoinsThemOnStop() throws Exception {
    assumeTrue(ThreadPool.supportsVirtualThreads(), "needs Java 21+ virtual threads");
    pool = ThreadPool.virtual("virt");
    pool.start();
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Thread> ran = new AtomicReference<>();
    pool.callInThread(() -> {
      ran.set(Thread.currentThread());
      running.countDown();
      awaitQuietly(release);
    });
    await(running);
    assertThat(pool.busyCount()).isEqualTo(1);
    assertThat((Boolean) Thread.class.getMethod("isVirtual").invoke(ran.get())).isTrue();
    assertThat(ran.get().getName()).startsWith("virt-");

    release.countDown();
    pool.stop();

    assertThat(ran.get().isAlive()).isFalse();
    assertThat(pool.busyCount()).isZero();
  }

  @Test
  void virtualPoolIsRefusedWithoutVirtualThreads() {
    assumeFalse(ThreadPool.supportsVirtualThreads(), "this JDK has virtual threads");
    assertThatThrownBy(() -> ThreadPool.virtual("virt"))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("Java 21");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(WAIT, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
