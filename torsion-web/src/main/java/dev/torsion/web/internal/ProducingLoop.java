package dev.torsion.web.internal;

import java.io.IOException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The pause-aware write loop of the streaming body producers: resuming runs steps (each writes
 * one piece) until the consumer pauses or the body is done.
 *
 * <p>A write can call {@link #resume()} back synchronously (an in-memory transport, a buffer that
 * drained at once); such a nested call only clears the pause and the running loop carries on, so
 * the stack does not grow with the body.
 */
final class ProducingLoop {
  /** One piece of the body: writes it, or ends the body. */
  interface Step {
    void run() throws IOException;
  }

  private final BooleanSupplier done;
  private final Step step;
  private final Consumer<Exception> failed;
  private boolean paused;
  private boolean producing;

  /** {@code failed} hears an IOException or RuntimeException a step threw; the loop has stopped. */
  ProducingLoop(BooleanSupplier done, Step step, Consumer<Exception> failed) {
    this.done = done;
    this.step = step;
    this.failed = failed;
  }

  void pause() {
    paused = true;
  }

  void resume() {
    paused = false;
    if (producing) {
      return; // called back from inside our own write: the loop below carries on
    }
    producing = true;
    try {
      while (!paused && !done.getAsBoolean()) {
        step.run();
      }
    } catch (IOException | RuntimeException e) {
      failed.accept(e);
    } finally {
      producing = false;
    }
  }
}
