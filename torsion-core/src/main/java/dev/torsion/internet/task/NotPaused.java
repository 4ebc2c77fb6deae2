package dev.torsion.internet.task;

/** {@link CooperativeTask#resume} was called on a task that was not paused. */
public final class NotPaused extends SchedulerError {
  public NotPaused(String message) {
    super(message);
  }
}
