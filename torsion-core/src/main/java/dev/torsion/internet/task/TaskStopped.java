package dev.torsion.internet.task;

/** The task was stopped with {@link CooperativeTask#stop}. */
public final class TaskStopped extends TaskFinished {
  public TaskStopped(String message) {
    super(message);
  }
}
