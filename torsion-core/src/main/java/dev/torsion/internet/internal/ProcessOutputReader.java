package dev.torsion.internet.internal;

import dev.torsion.internet.Reactor;
import java.io.IOException;
import java.io.InputStream;
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
    inFlight.release(MAX_IN_FLIGHT); // unblock a reader waiting for the reactor
    closeQuietly();
  }

  @Override
  public void run() {
    byte[] buffer = new byte[CHUNK];
    try {
      while (!stopped) {
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
        reactor.callFromThread(
            () -> {
              inFlight.release();
              if (!stopped) {
                onData.accept(chunk);
              }
            });
      }
    } catch (IOException e) {
      // EOF by another name: the stream was closed under us (loseConnection) or the pipe broke.
    } finally {
      closeQuietly();
      reactor.callFromThread(onEof);
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
