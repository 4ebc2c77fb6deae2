package dev.torsion.internet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThreadsTest {
  private final ThreadsTestReactor reactor = new ThreadsTestReactor();

  @AfterEach
  void closeReactor() throws Exception {
    reactor.close();
  }

  @Test
  void deferToThreadRunsOffTheReactorAndFiresOnIt() throws Exception {
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    AtomicReference<Thread> firedOn = new AtomicReference<>();

    Deferred<Integer> d = reactor.onReactor(() -> Threads.deferToThread(reactor, () -> {
      ranOn.set(Thread.currentThread());
      return 42;
    }));
    reactor.onReactor(() -> d.addCallback(v -> {
      firedOn.set(Thread.currentThread());
      return v;
    }));

    assertThat(reactor.outcome(d)).isEqualTo(42);
    assertThat(ranOn.get().getName()).startsWith("test-pool-");
    assertThat(firedOn.get()).isSameAs(reactor.reactorThread());
  }

  @Test
  void deferToThreadFailsWithWhatTheFunctionThrew() throws Exception {
    Deferred<String> d = reactor.onReactor(() -> Threads.deferToThread(reactor, () -> {
      throw new IOException("disk on fire");
    }));

    Object outcome = reactor.outcome(d);

    assertThat(outcome).isInstanceOf(Failure.class);
    assertThat(((Failure) outcome).value()).isInstanceOf(IOException.class).hasMessage("disk on fire");
  }

  @Test
  void deferToThreadPoolUsesTheGivenPool() throws Exception {
    ThreadPool own = new ThreadPool(0, 1, "own");
    own.start();
    try {
      Deferred<String> d = reactor.onReactor(
          () -> Threads.deferToThreadPool(reactor, own, () -> Thread.currentThread().getName()));
      assertThat(reactor.outcome(d)).isEqualTo("own-1");
    } finally {
      own.stop();
    }
  }

  @Test
  void callMultipleInThreadRunsTasksInOrderOnOneThreadAndSurvivesAFailure() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    List<Log.LoggedError> logged = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    try (AutoCloseable observer = Log.addErrorObserver(logged::add)) {
      Threads.callMultipleInThread(reactor, List.of(
          () -> {
            threads.add(Thread.currentThread());
            ran.add("a");
          },
          () -> {
            throw new IllegalStateException("b failed");
          },
          () -> {
            threads.add(Thread.currentThread());
            ran.add("c");
            done.countDown();
          }));
      assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(ran).containsExactly("a", "c");
    assertThat(threads.get(0)).isSameAs(threads.get(1));
    assertThat(logged).singleElement()
        .satisfies(e -> assertThat(e.failure().value()).hasMessage("b failed"));
  }

  @Test
  void blockingCallFromThreadReturnsTheResultComputedOnTheReactor() throws Exception {
    AtomicReference<Thread> ranOn = new AtomicReference<>();

    String result = Threads.blockingCallFromThread(reactor, () -> {
      ranOn.set(Thread.currentThread());
      return "from reactor";
    });

    assertThat(result).isEqualTo("from reactor");
    assertThat(ranOn.get()).isSameAs(reactor.reactorThread());
  }

  @Test
  void blockingCallFromThreadWaitsForAReturnedDeferred() throws Exception {
    Integer result = Threads.blockingCallFromThread(reactor, () -> {
      Deferred<Integer> later = new Deferred<>();
      reactor.callFromThread(() -> later.callback(7)); // fires on a later reactor turn
      return later;
    });

    assertThat(result).isEqualTo(7);
  }

  @Test
  void blockingCallFromThreadThrowsTheFailure() {
    assertThatThrownBy(() -> Threads.blockingCallFromThread(reactor, () -> {
      throw new IllegalArgumentException("bad input");
    })).isInstanceOf(IllegalArgumentException.class).hasMessage("bad input");

    assertThatThrownBy(() -> Threads.blockingCallFromThread(
            reactor, () -> Deferred.fail(new IOException("late failure"))))
        .isInstanceOf(Failure.class)
        .satisfies(e -> assertThat(((Failure) e).value()).isInstanceOf(IOException.class));
  }

  @Test
  void blockingCallFromThreadRefusesToRunOnTheReactorThread() throws Exception {
    Threads.blockingCallFromThread(reactor, () -> null); // the reactor thread is now known
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();

    reactor.onReactor(() -> {
      try {
        Threads.blockingCallFromThread(reactor, () -> "never");
        thrown.complete(null);
      } catch (Throwable t) {
        thrown.complete(t);
      }
      return null;
    });

    assertThat(thrown.get(20, TimeUnit.SECONDS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("reactor thread");
  }
}
