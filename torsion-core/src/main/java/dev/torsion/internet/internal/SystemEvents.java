package dev.torsion.internet.internal;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Log;
import dev.torsion.internet.Reactor.Phase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The triggers of system events ("startup", "shutdown"), fired in three phases as Twisted's
 * {@code _ThreeSequencedEvent}: every BEFORE trigger runs, and the event waits for the Deferreds
 * they returned; then the DURING triggers, then the AFTER ones. Triggers added while an event
 * fires still run if their phase has not passed. Loop thread only.
 */
public final class SystemEvents {
  private static final Phase[] PHASES = Phase.values();

  /** A registered trigger; also its id for removal. */
  private static final class Trigger {
    final String event;
    final Phase phase;
    final Callable<?> fn;
    boolean removed;

    Trigger(String event, Phase phase, Callable<?> fn) {
      this.event = event;
      this.phase = phase;
      this.fn = fn;
    }

    @Override
    public String toString() {
      return "<trigger " + phase + " " + event + ": " + fn + ">";
    }
  }

  private final Map<String, List<List<Trigger>>> byEvent = new HashMap<>();

  public Object add(Phase phase, String event, Callable<?> fn) {
    if (phase == null || event == null || fn == null) {
      throw new NullPointerException("phase, event and fn are required");
    }
    Trigger t = new Trigger(event, phase, fn);
    phases(event).get(phase.ordinal()).add(t);
    return t;
  }

  public void remove(Object id) {
    if (!(id instanceof Trigger)) {
      throw new IllegalArgumentException("not a trigger id: " + id);
    }
    Trigger t = (Trigger) id;
    List<Trigger> list = phases(t.event).get(t.phase.ordinal());
    if (t.removed || !list.contains(t)) {
      throw new IllegalArgumentException("trigger already removed: " + t);
    }
    t.removed = true;
    list.remove(t);
  }

  private List<List<Trigger>> phases(String event) {
    return byEvent.computeIfAbsent(
        event,
        e -> {
          List<List<Trigger>> lists = new ArrayList<>(3);
          for (int i = 0; i < PHASES.length; i++) {
            lists.add(new ArrayList<>());
          }
          return lists;
        });
  }

  /** Fires {@code event}; {@code done} runs after its last AFTER trigger. */
  public void fire(String event, Runnable done) {
    List<List<Trigger>> lists = phases(event);
    int[] waiting = {1}; // 1 for this loop itself, so early Deferreds cannot finish the phase
    Runnable rest =
        () -> {
          runPhase(lists.get(Phase.DURING.ordinal()));
          runPhase(lists.get(Phase.AFTER.ordinal()));
          done.run();
        };
    List<Trigger> before = lists.get(Phase.BEFORE.ordinal());
    for (int i = 0; i < before.size(); i++) {
      Trigger t = before.get(i);
      waiting[0]++;
      Deferred<Object> d = Deferred.maybeDeferred(t.fn);
      d.addBoth(
          r -> {
            if (r instanceof Failure) {
              Log.err((Failure) r, "Error in system event trigger " + t);
            }
            if (--waiting[0] == 0) {
              rest.run();
            }
            return null;
          });
    }
    if (--waiting[0] == 0) {
      rest.run();
    }
  }

  private static void runPhase(List<Trigger> triggers) {
    // By index: a trigger may add more triggers to this phase, which then run too.
    for (int i = 0; i < triggers.size(); i++) {
      Trigger t = triggers.get(i);
      try {
        Object r = t.fn.call();
        if (r instanceof Deferred) {
          ((Deferred<?>) r).addErrback(f -> {
            Log.err(f, "Error in system event trigger " + t);
            return null;
          });
        }
      } catch (Throwable e) {
        Log.err(e, "Error in system event trigger " + t);
      }
    }
  }
}
