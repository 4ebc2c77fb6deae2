package dev.torsion.internet;

/** Thrown by {@link DeferredQueue#put} when the queue already holds its {@code size} of objects. */
public final class QueueOverflow extends RuntimeException {
  public QueueOverflow(String message) {
    super(message);
  }
}
