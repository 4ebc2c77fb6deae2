package dev.torsion.internet.task;

/** The operation could not complete because the task already ended: see {@link TaskDone}, {@link TaskStopped}, {@link TaskFailed}. */
public class TaskFinished extends SchedulerError {
  public TaskFinished(String message) {
    super(message);
  }
}
