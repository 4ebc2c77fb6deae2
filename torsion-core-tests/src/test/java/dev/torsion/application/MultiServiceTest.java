package dev.torsion.application;

import static dev.torsion.trial.Trial.assertNoResult;
import static dev.torsion.trial.Trial.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class MultiServiceTest {
  private final List<String> events = new ArrayList<>();

  /** Records its start and stop; each may be made to wait on a Deferred the test fires. */
  private final class Recorder extends Service {
    final String label;
    Deferred<Void> startWaits;
    Deferred<Void> stopWaits;

    Recorder(String label) {
      this.label = label;
    }

    @Override
    public Deferred<Void> startService() {
      super.startService();
      events.add("start " + label);
      return startWaits;
    }

    @Override
    public Deferred<Void> stopService() {
      super.stopService();
      events.add("stop " + label);
      return stopWaits;
    }
  }

  @Test
  void childrenStartInOrderAndStopInReverse() {
    MultiService parent = new MultiService();
    new Recorder("a").setServiceParent(parent);
    new Recorder("b").setServiceParent(parent);
    new Recorder("c").setServiceParent(parent);

    Deferred<Void> started = parent.startService();
    Deferred<Void> stopped = parent.stopService();

    successResultOf(started);
    successResultOf(stopped);
    assertThat(events).containsExactly("start a", "start b", "start c", "stop c", "stop b", "stop a");
  }

  @Test
  void aChildStartsOnlyAfterThePreviousStartDeferredFires() {
    MultiService parent = new MultiService();
    Recorder a = new Recorder("a");
    a.startWaits = new Deferred<>();
    a.setServiceParent(parent);
    new Recorder("b").setServiceParent(parent);

    Deferred<Void> started = parent.startService();
    assertThat(events).containsExactly("start a");
    assertNoResult(started);

    a.startWaits.callback(null);
    assertThat(events).containsExactly("start a", "start b");
    successResultOf(started);
  }

  @Test
  void aStartDeferredThatIsWaitingOnAnotherStillHoldsTheNextChild() {
    MultiService parent = new MultiService();
    Recorder a = new Recorder("a");
    Deferred<Void> inner = new Deferred<>();
    a.startWaits = Deferred.<Void>succeed(null).addDeferredCallback(ignored -> inner);
    a.setServiceParent(parent);
    new Recorder("b").setServiceParent(parent);

    Deferred<Void> started = parent.startService();
    assertThat(events).containsExactly("start a");
    inner.callback(null);
    assertThat(events).containsExactly("start a", "start b");
    successResultOf(started);
  }

  @Test
  void aFailedStartFailsTheParentAndStartsNoLaterChild() {
    MultiService parent = new MultiService();
    Recorder a = new Recorder("a");
    a.startWaits = Deferred.fail(new IllegalStateException("port in use"));
    a.setServiceParent(parent);
    new Recorder("b").setServiceParent(parent);

    Object[] outcome = new Object[1];
    parent.startService().addBoth(r -> outcome[0] = r);

    assertThat(outcome[0]).isInstanceOf(Failure.class);
    assertThat(((Failure) outcome[0]).getErrorMessage()).isEqualTo("port in use");
    assertThat(events).containsExactly("start a");
  }

  @Test
  void stopWaitsForEveryChildsStopDeferred() {
    MultiService parent = new MultiService();
    Recorder a = new Recorder("a");
    Recorder b = new Recorder("b");
    a.stopWaits = new Deferred<>();
    b.stopWaits = new Deferred<>();
    a.setServiceParent(parent);
    b.setServiceParent(parent);
    parent.startService();

    Deferred<Void> stopped = parent.stopService();
    assertThat(events).endsWith("stop b", "stop a");
    b.stopWaits.callback(null);
    assertNoResult(stopped);
    a.stopWaits.callback(null);
    successResultOf(stopped);
    assertThat(parent.isRunning()).isFalse();
  }

  @Test
  void addingToARunningParentStartsTheChild() {
    MultiService parent = new MultiService();
    parent.startService();
    Recorder late = new Recorder("late");
    late.setServiceParent(parent);
    assertThat(late.isRunning()).isTrue();
    assertThat(late.getParent()).isSameAs(parent);
  }

  @Test
  void removingFromARunningParentStopsTheChild() {
    MultiService parent = new MultiService();
    Recorder child = new Recorder("x");
    child.setServiceParent(parent);
    parent.startService();

    Deferred<Void> removed = child.disownServiceParent();

    successResultOf(removed);
    assertThat(child.isRunning()).isFalse();
    assertThat(child.getParent()).isNull();
    assertThat(parent).isEmpty();
  }

  @Test
  void siblingNamesMustBeUniqueAndAreFoundByName() {
    MultiService parent = new MultiService();
    Recorder web = new Recorder("web");
    web.setName("web");
    web.setServiceParent(parent);
    Recorder other = new Recorder("other");
    other.setName("web");

    assertThatThrownBy(() -> other.setServiceParent(parent)).hasMessageContaining("'web'");
    assertThat(parent.getServiceNamed("web")).isSameAs(web);
    assertThatThrownBy(() -> web.setName("renamed")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void setServiceParentMovesAServiceBetweenParents() {
    MultiService first = new MultiService();
    MultiService second = new MultiService();
    Recorder child = new Recorder("c");
    child.setServiceParent(first);
    child.setServiceParent(second);
    assertThat(first).isEmpty();
    assertThat(second).containsExactly(child);
  }

  @Test
  void applicationIsARootThatCannotHaveAParent() {
    Application app = new Application("demo");
    assertThat(app.getName()).isEqualTo("demo");
    assertThatThrownBy(() -> app.setServiceParent(new MultiService()))
        .isInstanceOf(IllegalStateException.class);
  }
}
