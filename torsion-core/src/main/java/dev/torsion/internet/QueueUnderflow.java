package dev.torsion.internet;

/** Thrown by {@link DeferredQueue#get} when its {@code backlog} of waiting gets is already full. */
public final class QueueUnderflow extends RuntimeException {
  public QueueUnderflow(String message) {
    super(message);
  }
}
