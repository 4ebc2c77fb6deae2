package dev.torsion.internet.task;

/** The operation could not complete because the {@link Cooperator} was stopped (or is stopped). */
public final class SchedulerStopped extends SchedulerError {
  public SchedulerStopped(String message) {
    super(message);
  }
}
