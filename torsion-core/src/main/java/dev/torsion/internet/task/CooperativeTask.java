package dev.torsion.internet.task;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One job inside a {@link Cooperator}: can be paused, resumed, stopped, and waited on. Twisted's
 * {@code task.CooperativeTask}.
 *
 * <pre>{@code
 * CooperativeTask upload = Task.cooperate(chunks);
 * producer.onPause(upload::pause);     // backpressure from the transport
 * producer.onResume(upload::resume);
 * upload.whenDone().addCallback(it -> { transport.loseConnection(); return null; });
 * }</pre>
 */
public final class CooperativeTask {
  private final Iterator<?> iterator;
  private final Cooperator cooperator;
  private final List<Deferred<Iterator<?>>> waiters = new ArrayList<>();
  private int pauseCount;
  private SchedulerError completionState;
  private Failure completionFailure;

  CooperativeTask(Iterator<?> iterator, Cooperator cooperator) {
    this.iterator = iterator;
    this.cooperator = cooperator;
    cooperator.addTask(this);
  }

  /**
   * A Deferred that fires with the iterator once it is exhausted, or fails with what ended the
   * task: the iterator's exception, a failed Deferred it returned, {@link TaskStopped}, or {@link
   * SchedulerStopped}.
   */
  public Deferred<Iterator<?>> whenDone() {
    Deferred<Iterator<?>> d = new Deferred<>();
    if (completionState == null) {
      waiters.add(d);
    } else if (completionFailure != null) {
      d.errback(completionFailure);
    } else {
      d.callback(iterator);
    }
    return d;
  }

  /** Stops doing work until a matching {@link #resume}; throws {@link TaskFinished} if ended. */
  public void pause() {
    checkFinish();
    pauseCount++;
    if (pauseCount == 1) {
      cooperator.removeTask(this);
    }
  }

  /** Undoes one {@link #pause}; throws {@link NotPaused} if not paused. */
  public void resume() {
    if (pauseCount == 0) {
      throw new NotPaused("resume() of a task that is not paused");
    }
    pauseCount--;
    if (pauseCount == 0 && completionState == null) {
      cooperator.addTask(this);
    }
  }

  /** Ends the task now; {@code whenDone} fails with {@link TaskStopped}. */
  public void stop() {
    checkFinish();
    completeWith(new TaskStopped("the task was stopped"), null);
  }

  private void checkFinish() {
    if (completionState != null) {
      throw completionState;
    }
  }

  /** Ends the task: {@code failure} null means success only for TaskDone. */
  void completeWith(SchedulerError state, Failure failure) {
    if (completionState != null) {
      return;
    }
    completionState = state;
    completionFailure = failure != null || state instanceof TaskDone ? failure : Failure.of(state);
    if (pauseCount == 0) {
      cooperator.removeTask(this);
    }
    List<Deferred<Iterator<?>>> toFire = new ArrayList<>(waiters);
    waiters.clear();
    for (Deferred<Iterator<?>> d : toFire) {
      if (completionFailure != null) {
        d.errback(completionFailure);
      } else {
        d.callback(iterator);
      }
    }
  }

  void oneWorkUnit() {
    Object result;
    try {
      if (!iterator.hasNext()) {
        completeWith(new TaskDone("the task is done"), null);
        return;
      }
      result = iterator.next();
    } catch (Throwable t) {
      completeWith(new TaskFailed("the task failed: " + t), Failure.of(t));
      return;
    }
    if (result instanceof Deferred) {
      pause();
      ((Deferred<?>) result)
          .addCallbacks(
              ignored -> {
                resume();
                return null;
              },
              failure -> {
                completeWith(new TaskFailed("the task failed: " + failure.value()), failure);
                return null;
              });
    }
  }
}
