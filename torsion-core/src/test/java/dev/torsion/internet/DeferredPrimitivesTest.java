package dev.torsion.internet;

import static dev.torsion.internet.DeferredAssertions.failureResultOf;
import static dev.torsion.internet.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DeferredLock, DeferredSemaphore and DeferredQueue (test_defer.py's OtherPrimitivesTests). */
class DeferredPrimitivesTest {
  private int counter;

  @Test
  void lockHandsItselfToWaitersInOrder() {
    DeferredLock lock = new DeferredLock();
    lock.acquire().addCallback(l -> counter++);
    assertThat(lock.isLocked()).isTrue();
    assertThat(counter).isEqualTo(1);
    lock.acquire().addCallback(l -> counter++);
    assertThat(counter).isEqualTo(1);
    lock.release();
    assertThat(lock.isLocked()).isTrue();
    assertThat(counter).isEqualTo(2);
    lock.release();
    assertThat(lock.isLocked()).isFalse();
    assertThatThrownBy(lock::release).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void lockRunHoldsTheLockUntilTheReturnedDeferredFires() {
    DeferredLock lock = new DeferredLock();
    Deferred<String> control = new Deferred<>();
    List<Object> results = new ArrayList<>();
    Deferred<String> result = lock.run(() -> control);
    result.addCallback(results::add);
    assertThat(lock.isLocked()).isTrue();
    lock.acquire().addCallback(l -> counter++);
    assertThat(counter).isZero();
    control.callback("second");
    assertThat(results).containsExactly("second");
    assertThat(counter).isEqualTo(1); // the waiter got the lock after run released it
    lock.release();
    assertThat(lock.isLocked()).isFalse();
  }

  @Test
  void lockRunReleasesWhenTheFunctionThrows() {
    DeferredLock lock = new DeferredLock();
    Deferred<Object> result =
        lock.run(
            () -> {
              throw new IOException("fn failed");
            });
    failureResultOf(result, IOException.class);
    assertThat(lock.isLocked()).isFalse();
  }

  @Test
  void cancellingAWaitingAcquireFailsItAndLeavesTheQueue() {
    DeferredLock lock = new DeferredLock();
    lock.acquire();
    Deferred<DeferredLock> waiting = lock.acquire();
    waiting.cancel();
    failureResultOf(waiting, CancelledError.class);
    lock.release();
    assertThat(lock.isLocked()).isFalse(); // the cancelled waiter did not get it
  }

  @Test
  void cancellingAnAcquiredLockHasNoEffect() {
    DeferredLock lock = new DeferredLock();
    Deferred<DeferredLock> d = lock.acquire();
    d.cancel();
    assertThat(successResultOf(d)).isSameAs(lock);
  }

  @Test
  void semaphoreAdmitsUpToItsTokens() {
    int n = 13;
    DeferredSemaphore sem = new DeferredSemaphore(n);
    Deferred<Object> control = new Deferred<>();
    Deferred<Object> run = sem.run(() -> control);
    run.addCallback(r -> counter++);
    control.callback(null);
    assertThat(counter).isEqualTo(1);
    assertThat(sem.tokens()).isEqualTo(n);

    counter = 0;
    for (int i = 1; i <= n; i++) {
      sem.acquire().addCallback(s -> counter++);
      assertThat(counter).isEqualTo(i);
    }
    List<Boolean> success = new ArrayList<>();
    Deferred<DeferredSemaphore> d = sem.acquire();
    d.addCallbacks(r -> success.add(false), f -> success.add(true));
    d.cancel();
    assertThat(success).containsExactly(true);

    sem.acquire().addCallback(s -> counter++);
    assertThat(counter).isEqualTo(n);
    sem.release();
    assertThat(counter).isEqualTo(n + 1);
    for (int i = 1; i <= n; i++) {
      sem.release();
    }
    assertThat(sem.tokens()).isEqualTo(n);
    assertThatThrownBy(sem::release).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void semaphoreNeedsAtLeastOneToken() {
    assertThatThrownBy(() -> new DeferredSemaphore(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DeferredSemaphore(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cancellingAWaitingSemaphoreAcquireFailsIt() {
    DeferredSemaphore sem = new DeferredSemaphore(1);
    sem.acquire();
    Deferred<DeferredSemaphore> d = sem.acquire();
    d.cancel();
    failureResultOf(d, CancelledError.class);
    sem.release();
    assertThat(sem.tokens()).isEqualTo(1);
  }

  @Test
  void queueWithSizeAndBacklog() {
    int n = 2;
    int m = 2;
    DeferredQueue<Integer> queue = new DeferredQueue<>(n, m);
    List<Integer> gotten = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      queue.get().addCallback(gotten::add);
    }
    assertThatThrownBy(queue::get).isInstanceOf(QueueUnderflow.class);
    for (int i = 0; i < m; i++) {
      queue.put(i);
      assertThat(gotten).hasSize(i + 1).endsWith(i);
    }
    for (int i = 0; i < n; i++) {
      queue.put(n + i);
      assertThat(gotten).containsExactly(0, 1);
    }
    assertThatThrownBy(() -> queue.put(99)).isInstanceOf(QueueOverflow.class);
    gotten.clear();
    for (int i = 0; i < n; i++) {
      queue.get().addCallback(gotten::add);
    }
    assertThat(gotten).containsExactly(2, 3);
  }

  @Test
  void unboundedAndZeroSizedQueues() {
    DeferredQueue<Integer> queue = new DeferredQueue<>();
    List<Integer> gotten = new ArrayList<>();
    queue.get().addCallback(gotten::add);
    queue.get().addCallback(gotten::add);
    queue.put(0);
    queue.put(1);
    assertThat(gotten).containsExactly(0, 1);
    assertThatThrownBy(() -> new DeferredQueue<Integer>(0, 5).put(1)).isInstanceOf(QueueOverflow.class);
    assertThatThrownBy(() -> new DeferredQueue<Integer>(5, 0).get()).isInstanceOf(QueueUnderflow.class);
  }

  @Test
  void aCancelledGetLeavesTheQueue() {
    DeferredQueue<String> queue = new DeferredQueue<>();
    Deferred<String> d = queue.get();
    d.cancel();
    failureResultOf(d, CancelledError.class);
    queue.put("next");
    assertThat(queue.pendingCount()).isEqualTo(1);
    assertThat(successResultOf(queue.get())).isEqualTo("next");
  }
}
