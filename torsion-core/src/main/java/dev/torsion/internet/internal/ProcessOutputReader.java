package dev.torsion.internet.internal;

import dev.torsion.internet.Reactor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Reads one output stream of a child process (stdout or stderr) on its own daemon thread and
 * hands each chunk to the reactor thread. Java cannot select on a pipe, so a blocking reader
 * thread per stream is the price of not blocking the reactor.
 *
 * <p>At most {@link #MAX_IN_FLIGHT} chunks wait for the reactor at a time: a child that writes
 * faster than the protocol consumes fills its pipe and blocks, instead of filling our heap.
 *
 * <p>While paused the thread stops reading, so the child blocks on a full pipe; chunks already
 * on their way to the reactor (at most {@link #MAX_IN_FLIGHT}) wait in {@code held} and are
 * delivered, in order, on resume: nothing reaches the protocol while it is paused.
 */
final class ProcessOutputReader implements Runnable {
  static final int CHUNK = 16 * 1024;
  static final int MAX_IN_FLIGHT = 4;

  private final Reactor reactor;
  private final InputStream in;
  private final Consumer<byte[]> onData;
  private final Runnable onEof;
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final Thread thread;
  private volatile boolean stopped;
  private final Object gate = new Object();
  private boolean paused; // guarded by gate
  private final ArrayDeque<byte[]> held = new ArrayDeque<>(); // reactor thread only
  private boolean pausedOnReactor; // reactor thread only
  private boolean eofHeld; // reactor thread only: EOF came behind held chunks

  /** {@code onData} and {@code onEof} run on the reactor thread; onEof exactly once, last. */
  ProcessOutputReader(
      Reactor reactor, InputStream in, String threadName, Consumer<byte[]> onData, Runnable onEof) {
    this.reactor = reactor;
    this.in = in;
    this.onData = onData;
    this.onEof = onEof;
    this.thread = new Thread(this, threadName);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  Thread thread() {
    return thread;
  }

  /**
   * Stops reading: undelivered chunks are dropped and our end of the pipe is closed, so the child
   * sees a broken pipe. A read already blocked in the kernel returns when the child next writes
   * or exits (closing a pipe does not wake a reader on Linux). Reactor thread only.
   */
  void stop() {
    stopped = true;
    held.clear();
    if (eofHeld) {
      eofHeld = false; // the reader is gone already: nobody else will report the end
      reactor.callFromThread(onEof);
    }
    synchronized (gate) {
      gate.notifyAll();
    }
    inFlight.release(MAX_IN_FLIGHT); // unblock a reader waiting for the reactor
    closeQuietly();
  }

  /** Stops delivering and reading until {@link #resume}. Reactor thread only. */
  void pause() {
    pausedOnReactor = true;
    synchronized (gate) {
      paused = true;
    }
  }

  /** Delivers what arrived while paused, then reads again. Reactor thread only. */
  void resume() {
    pausedOnReactor = false;
    while (!held.isEmpty() && !pausedOnReactor && !stopped) {
      onData.accept(held.poll()); // the protocol may pause again from inside
    }
    if (pausedOnReactor || stopped) {
      return;
    }
    if (eofHeld) {
      eofHeld = false;
      onEof.run();
      return;
    }
    synchronized (gate) {
      paused = false;
      gate.notifyAll();
    }
  }

  private void eof() {
    if (!stopped && (pausedOnReactor || !held.isEmpty())) {
      // The reader saw EOF just before the protocol paused: deliver it on resume, after any
      // chunks it followed, so nothing reaches a paused protocol.
      eofHeld = true;
    } else {
      onEof.run();
    }
  }

  /** Blocks the reader thread while paused; true when it should stop. */
  private boolean awaitUnpaused() {
    synchronized (gate) {
      while (paused && !stopped) {
        try {
          gate.wait();
        } catch (InterruptedException e) {
          // a daemon reader has nobody to answer to: keep waiting for resume or stop
        }
      }
    }
    return stopped;
  }

  private void deliver(byte[] chunk) {
    inFlight.release();
    if (stopped) {
      return;
    }
    if (pausedOnReactor) {
      held.add(chunk);
    } else {
      onData.accept(chunk);
    }
  }

  @Override
  public void run() {
    byte[] buffer = new byte[CHUNK];
    try {
      while (!awaitUnpaused()) {
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        if (n == 0) {
          continue;
        }
        inFlight.acquireUninterruptibly();
        if (stopped) {
          break;
        }
        byte[] chunk = Arrays.copyOf(buffer, n); // the protocol may keep it
        reactor.callFromThread(() -> deliver(chunk));
      }
    } catch (IOException e) {
      // EOF by another name: the stream was closed under us (loseConnection) or the pipe broke.
    } finally {
      closeQuietly();
      reactor.callFromThread(this::eof);
    }
  }

  private void closeQuietly() {
    try {
      in.close();
    } catch (IOException e) {
      // nothing more to read either way
    }
  }
}
