package dev.torsion.internet.task;

/** The task already finished: its iterator ran out. */
public final class TaskDone extends TaskFinished {
  public TaskDone(String message) {
    super(message);
  }
}
