package dev.torsion.internet.task;

/** The task ended because its iterator (or a Deferred it yielded) failed. */
public final class TaskFailed extends TaskFinished {
  public TaskFailed(String message) {
    super(message);
  }
}
