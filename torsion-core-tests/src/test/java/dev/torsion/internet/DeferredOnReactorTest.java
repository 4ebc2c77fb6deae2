package dev.torsion.internet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Deferred timeouts and delayed calls on a real reactor rather than on trial's Clock. */
class DeferredOnReactorTest {
  @Test
  void addTimeoutOnTheReactorFailsWithTimeoutErrorAndCancelsOnTheReactorThread() throws Exception {
    List<Thread> cancelledOn = new CopyOnWriteArrayList<>();
    try (NioTesting t = new NioTesting()) {
      Object outcome = t.outcome(() -> new Deferred<String>(d -> cancelledOn.add(Thread.currentThread()))
          .addTimeout(0.05, t.reactor));
      Thread reactorThread = t.call(Thread::currentThread);

      assertThat(outcome).isInstanceOf(Failure.class);
      assertThat(((Failure) outcome).value()).isInstanceOf(TimeoutError.class);
      assertThat(cancelledOn).containsExactly(reactorThread);
      assertThat(t.call(t.reactor::getDelayedCalls)).isEmpty();
    }
  }

  @Test
  void aResultBeforeTheTimeoutPassesThroughAndLeavesNoTimerOnTheReactor() throws Exception {
    try (NioTesting t = new NioTesting()) {
      Object outcome = t.outcome(() -> {
        Deferred<String> d = new Deferred<>();
        d.addTimeout(30, t.reactor);
        t.reactor.callLater(0, () -> d.callback("in time"));
        return d;
      });

      assertThat(outcome).isEqualTo("in time");
      assertThat(t.call(t.reactor::getDelayedCalls)).isEmpty();
    }
  }

  @Test
  void cancellingAReactorCallThatRanOrWasCancelledThrowsTwistedsTwoErrors() throws Exception {
    try (NioTesting t = new NioTesting()) {
      DelayedCall ran = t.await(() -> {
        Deferred<DelayedCall> d = new Deferred<>();
        DelayedCall[] call = new DelayedCall[1];
        call[0] = t.reactor.callLater(0, () -> t.reactor.callLater(0, () -> d.callback(call[0])));
        return d;
      });
      DelayedCall cancelled = t.call(() -> {
        DelayedCall c = t.reactor.callLater(60, () -> {});
        c.cancel();
        return c;
      });

      assertThat(ran.active()).isFalse();
      assertThatThrownBy(() -> t.call(() -> {
        ran.cancel();
        return null;
      })).hasCauseInstanceOf(AlreadyCalledError.class)
          .cause().isNotInstanceOf(AlreadyCancelledError.class);
      assertThatThrownBy(() -> t.call(() -> {
        cancelled.cancel();
        return null;
      })).hasCauseInstanceOf(AlreadyCancelledError.class);
      assertThat(t.call(t.reactor::getDelayedCalls)).isEmpty();
    }
  }
}
