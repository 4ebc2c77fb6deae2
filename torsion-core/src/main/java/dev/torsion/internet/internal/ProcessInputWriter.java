package dev.torsion.internet.internal;

import dev.torsion.internet.Reactor;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Writes to a child process's standard input on a daemon thread, so that a child that does not
 * read never blocks the reactor. Writes are queued in order; {@link #close} closes the pipe after
 * the queued ones, {@link #abort} drops them. The thread is started on the first write, so
 * processes that never get input cost no thread for it. Queued input is not bounded: as with a
 * Twisted transport, a protocol that writes much to a slow child should pace itself.
 */
final class ProcessInputWriter implements Runnable {
  private static final byte[] CLOSE = new byte[0];

  private final Reactor reactor;
  private final OutputStream out;
  private final Runnable onLost;
  private final String threadName;
  private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
  private Thread thread; // reactor thread only
  private boolean closing; // reactor thread only
  private volatile boolean aborted;

  /** {@code onLost} runs once on the reactor thread when the pipe is closed or broken. */
  ProcessInputWriter(Reactor reactor, OutputStream out, String threadName, Runnable onLost) {
    this.reactor = reactor;
    this.out = out;
    this.threadName = threadName;
    this.onLost = onLost;
  }

  /** Queues {@code data}; ignored once closing, as writes to a closed Twisted transport are. */
  void write(byte[] data) {
    if (closing || data.length == 0) {
      return;
    }
    queue.add(data.clone()); // the caller may reuse its array
    ensureStarted();
  }

  /** Closes standard input once every queued write has gone out. */
  void close() {
    if (closing) {
      return;
    }
    closing = true;
    if (thread == null) {
      closeNow();
      return;
    }
    queue.add(CLOSE);
  }

  /** Drops queued writes and closes standard input now: the process has exited. */
  void abort() {
    aborted = true;
    queue.clear();
    if (!closing) {
      close();
    }
  }

  /** Nothing was ever written: closing an idle pipe does not block, so no thread is needed. */
  private void closeNow() {
    try {
      out.close();
    } catch (IOException e) {
      // the pipe is gone either way
    }
    reactor.callFromThread(onLost);
  }

  Thread thread() {
    return thread;
  }

  private void ensureStarted() {
    if (thread == null) {
      thread = new Thread(this, threadName);
      thread.setDaemon(true);
      thread.start();
    }
  }

  @Override
  public void run() {
    try {
      while (true) {
        byte[] data = queue.take();
        if (data == CLOSE || aborted) {
          break;
        }
        out.write(data);
        out.flush();
      }
    } catch (IOException e) {
      // broken pipe: the child closed its stdin or exited; queued data has nowhere to go
    } catch (InterruptedException e) {
      // nobody interrupts this thread; treat it like a close
    } finally {
      try {
        out.close();
      } catch (IOException e) {
        // the pipe is gone either way
      }
      queue.clear();
      reactor.callFromThread(onLost);
    }
  }
}
