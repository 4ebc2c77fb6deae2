package dev.torsion.internet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NioReactorTest {
  @Test
  void callFromThreadOnAnotherThreadWakesAnIdleLoop() throws Exception {
    try (NioTesting t = new NioTesting()) {
      CountDownLatch ran = new CountDownLatch(1);
      List<Thread> where = new CopyOnWriteArrayList<>();
      // The loop has no timers and no I/O: it is blocked in select() until woken.
      t.reactor.callFromThread(() -> {
        where.add(Thread.currentThread());
        ran.countDown();
      });
      assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(where.get(0).getName()).isEqualTo("test-reactor");
    }
  }

  @Test
  void manyCallsFromManyThreadsAllRunOnTheReactorThread() throws Exception {
    try (NioTesting t = new NioTesting()) {
      int threads = 4;
      int perThread = 10_000;
      CountDownLatch all = new CountDownLatch(threads * perThread);
      int[] count = {0}; // touched only on the reactor thread: no lock needed
      List<Thread> senders = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Thread s = new Thread(() -> {
          for (int j = 0; j < perThread; j++) {
            t.reactor.callFromThread(() -> {
              count[0]++;
              all.countDown();
            });
          }
        });
        senders.add(s);
        s.start();
      }
      assertThat(all.await(20, TimeUnit.SECONDS)).isTrue();
      for (Thread s : senders) {
        s.join();
      }
      assertThat(t.call(() -> count[0])).isEqualTo(threads * perThread);
    }
  }

  @Test
  void callLaterRunsCallsInTheOrderOfTheirTimes() {
    NioReactor reactor = new NioReactor();
    List<String> order = new ArrayList<>();
    Deferred<Void> done = new Deferred<>();
    // made before scheduling, so the calls below are scheduled within microseconds of each other
    Runnable at30 = () -> order.add("30ms");
    Runnable at10 = () -> order.add("10ms");
    Runnable now = () -> order.add("now");
    Runnable at20 = () -> order.add("20ms");
    Runnable end = () -> done.callback(null);
    reactor.callLater(0.03, at30);
    reactor.callLater(0.01, at10);
    reactor.callLater(0, now);
    reactor.callLater(0.02, at20);
    reactor.callLater(0.04, end);
    NioTesting.runUntil(reactor, done, 10);
    assertThat(order).containsExactly("now", "10ms", "20ms", "30ms");
  }

  @Test
  void callLaterWaitsAtLeastItsDelay() {
    NioReactor reactor = new NioReactor();
    Deferred<Double> fired = new Deferred<>();
    double start = reactor.seconds();
    reactor.callLater(0.05, () -> fired.callback(reactor.seconds()));
    Object at = NioTesting.runUntil(reactor, fired, 10);
    assertThat((Double) at - start).isGreaterThanOrEqualTo(0.05);
  }

  @Test
  void cancelledCallsDoNotRun() {
    NioReactor reactor = new NioReactor();
    List<String> ran = new ArrayList<>();
    DelayedCall c = reactor.callLater(0.01, () -> ran.add("cancelled"));
    c.cancel();
    Deferred<Void> done = new Deferred<>();
    reactor.callLater(0.02, () -> done.callback(null));
    NioTesting.runUntil(reactor, done, 10);
    assertThat(ran).isEmpty();
    assertThat(reactor.getDelayedCalls()).isEmpty();
  }

  @Test
  void aBeforeShutdownTriggerReturningADeferredHoldsShutdown() throws Exception {
    NioReactor reactor = new NioReactor();
    List<String> events = new ArrayList<>();
    ListeningPort port = reactor.listenTCP(0, Factory.forProtocol(Protocol::new), 50, "127.0.0.1");
    Deferred<Void> held = new Deferred<>();
    reactor.addSystemEventTrigger(Reactor.Phase.BEFORE, "shutdown", () -> {
      events.add("before, ports open: " + reactor.openPorts().size());
      reactor.callLater(0.05, () -> {
        events.add("before's Deferred fires");
        held.callback(null);
      });
      return held;
    });
    reactor.addSystemEventTrigger(Reactor.Phase.DURING, "shutdown", () -> events.add("during"));
    reactor.addSystemEventTrigger(Reactor.Phase.AFTER, "shutdown",
        () -> events.add("after, ports open: " + reactor.openPorts().size()));
    reactor.callWhenRunning(reactor::stop);
    reactor.run();
    assertThat(events).containsExactly(
        "before, ports open: 1", "before's Deferred fires", "during", "after, ports open: 0");
    assertThat(reactor.isRunning()).isFalse();
    // the port really is closed: it can be bound again
    NioReactor again = new NioReactor();
    ListeningPort p2 = again.listenTCP(NioTesting.port(port), Factory.forProtocol(Protocol::new), 50, "127.0.0.1");
    again.callWhenRunning(again::stop);
    again.run();
    assertThat(p2.getHost()).isEqualTo(port.getHost());
  }

  @Test
  void startupTriggersAndCallWhenRunningRunOnceRunning() {
    NioReactor reactor = new NioReactor();
    List<String> events = new ArrayList<>();
    reactor.addSystemEventTrigger(Reactor.Phase.BEFORE, "startup", () -> events.add("before startup"));
    reactor.callWhenRunning(() -> events.add("running: " + reactor.isRunning()));
    reactor.callWhenRunning(reactor::stop);
    reactor.run();
    assertThat(events).containsExactly("before startup", "running: true");
  }

  @Test
  void removedTriggersDoNotRun() {
    NioReactor reactor = new NioReactor();
    List<String> events = new ArrayList<>();
    Object id = reactor.addSystemEventTrigger(Reactor.Phase.DURING, "shutdown", () -> events.add("removed"));
    reactor.removeSystemEventTrigger(id);
    reactor.callWhenRunning(reactor::stop);
    reactor.run();
    assertThat(events).isEmpty();
  }

  @Test
  void stopWhenNotRunningIsAnError() {
    NioReactor reactor = new NioReactor();
    assertThatThrownBy(reactor::stop).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("isn't running");
    reactor.callWhenRunning(reactor::stop);
    reactor.run();
    assertThatThrownBy(reactor::run).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFailingCallIsLoggedAndTheLoopGoesOn() throws Exception {
    List<Log.LoggedError> logged = new CopyOnWriteArrayList<>();
    try (AutoCloseable obs = Log.addErrorObserver(logged::add)) {
      NioReactor reactor = new NioReactor();
      Deferred<String> after = new Deferred<>();
      reactor.callLater(0, () -> {
        throw new IllegalStateException("boom in a delayed call");
      });
      reactor.callFromThread(() -> {
        throw new IllegalStateException("boom in callFromThread");
      });
      reactor.callLater(0.01, () -> after.callback("still running"));
      assertThat(NioTesting.runUntil(reactor, after, 10)).isEqualTo("still running");
    }
    assertThat(logged).extracting(e -> e.failure().getErrorMessage())
        .contains("boom in a delayed call", "boom in callFromThread");
  }

  @Test
  void anIdleReactorUsesNoCpu() throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    try (NioTesting t = new NioTesting()) {
      long id = t.call(() -> Thread.currentThread().getId());
      long before = mx.getThreadCpuTime(id);
      CountDownLatch later = new CountDownLatch(1);
      t.call(() -> t.reactor.callLater(0.5, later::countDown));
      assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
      long used = mx.getThreadCpuTime(id) - before;
      // half a second of waiting in select(): a busy loop would burn ~500 ms of CPU
      assertThat(used).isLessThan(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  @Test
  void secondsIsMonotonic() {
    NioReactor reactor = new NioReactor();
    double a = reactor.seconds();
    double b = reactor.seconds();
    assertThat(b).isGreaterThanOrEqualTo(a);
    reactor.callWhenRunning(reactor::stop);
    reactor.run();
  }
}
