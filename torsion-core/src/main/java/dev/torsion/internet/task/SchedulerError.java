package dev.torsion.internet.task;

/** The base of the errors a {@link Cooperator} or a {@link CooperativeTask} raises when it is in the wrong state for an operation. */
public class SchedulerError extends RuntimeException {
  public SchedulerError(String message) {
    super(message);
  }
}
