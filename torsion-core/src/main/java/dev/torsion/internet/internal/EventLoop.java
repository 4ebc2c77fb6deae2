package dev.torsion.internet.internal;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Log;
import dev.torsion.internet.Reactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The selector loop behind {@link dev.torsion.internet.NioReactor}: one {@link Selector}, one
 * thread, a {@link TimerQueue}, the queue of calls from other threads, and the system events.
 * See docs/design/threading.md.
 *
 * <p>One turn of the loop:
 *
 * <pre>
 *   calls from other threads -> "soon" tasks -> due timers -> "soon" tasks
 *        -> select (no wait if work is pending; else until the next timer; else forever)
 *        -> dispatch each ready key to its Selectable
 * </pre>
 *
 * Everything but {@link #callFromThread} is for the loop's thread only, and takes no lock.
 */
public final class EventLoop {
  /** The size of each of this loop's read buffers; see docs/design/buffers-and-backpressure.md. */
  static final int READ_BUFFER_SIZE = 64 * 1024;
  /**
   * How many read buffers the loop has: one per read a connection may make on one readiness
   * event, so that the writes made in a burst of full reads can all wait, uncopied, for one
   * gathering write at the end of it (StreamConnection's MAX_READS).
   */
  static final int READ_BUFFERS = 8;

  private static final int NEW = 0;
  private static final int RUNNING = 1;
  private static final int STOPPING = 2;
  private static final int STOPPED = 3;

  /** Calls from other threads run per turn; the rest wait a turn so I/O is not starved. */
  private static final int MAX_THREAD_CALLS_PER_TURN = 4096;

  private final Reactor reactor;
  private final Selector selector;
  /** Slices of one direct arena; a protocol is lent one at a time, valid until it returns. */
  private final ByteBuffer[] readBuffers = new ByteBuffer[READ_BUFFERS];
  /** One view per read buffer, queued in its place when a burst's write waits for the burst's end. */
  private final ByteBuffer[] queuedViews = new ByteBuffer[READ_BUFFERS];
  private int viewsLent; // bit i: queuedViews[i] is in a connection's queue during this burst
  private final ConcurrentLinkedQueue<Runnable> threadCalls = new ConcurrentLinkedQueue<>();
  /** True while the loop is (or is about to be) blocked in select: callFromThread must wake it. */
  private final AtomicBoolean wakeupNeeded = new AtomicBoolean();
  private final ArrayDeque<Runnable> soon = new ArrayDeque<>();
  /** Tasks for after the next select(), which is when cancelled keys' channels really close. */
  private final ArrayDeque<Runnable> afterSelect = new ArrayDeque<>();
  private final long originNanos = System.nanoTime();
  private final TimerQueue timers = new TimerQueue(this::seconds);
  private final SystemEvents events = new SystemEvents();
  private final Consumer<SelectionKey> dispatch = EventLoop::dispatch;
  /** Things watched without a selection key yet (connectors resolving a name). */
  private final Set<Selectable> unregistered = new LinkedHashSet<>();

  private volatile Thread thread;
  private volatile int state = NEW;
  private int lowWater = 16 * 1024;
  private int highWater = 64 * 1024;

  public EventLoop(Reactor reactor) {
    ByteBuffer arena = ByteBuffer.allocateDirect(READ_BUFFER_SIZE * READ_BUFFERS);
    for (int i = 0; i < READ_BUFFERS; i++) {
      arena.limit((i + 1) * READ_BUFFER_SIZE).position(i * READ_BUFFER_SIZE);
      readBuffers[i] = arena.slice();
      queuedViews[i] = readBuffers[i].duplicate();
    }
    this.reactor = reactor;
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector", e);
    }
  }

  public Reactor reactor() {
    return reactor;
  }

  public SystemEvents events() {
    return events;
  }

  // ---- time ----

  public double seconds() {
    return (System.nanoTime() - originNanos) / 1e9;
  }

  public DelayedCall callLater(double delaySeconds, Runnable fn) {
    return timers.schedule(delaySeconds, fn);
  }

  public List<DelayedCall> pendingCalls() {
    return timers.pending();
  }

  public void cancelAllTimers() {
    timers.cancelAll();
  }

  // ---- scheduling ----

  /** Thread-safe: queues {@code fn} and wakes the selector if the loop may be blocked in it. */
  public void callFromThread(Runnable fn) {
    if (fn == null) {
      throw new NullPointerException("fn");
    }
    threadCalls.add(fn);
    // Paired with select(): the loop sets the flag, then re-checks the queue before it blocks.
    // The flag is still up while select() dispatches ready keys, but a call from the loop's own
    // thread (a protocol calling callFromThread) finds the loop awake: no wakeup() syscall, and
    // no spurious early return from the next select().
    if (wakeupNeeded.get() && thread != Thread.currentThread()
        && wakeupNeeded.compareAndSet(true, false)) {
      selector.wakeup();
    }
  }

  /** Runs {@code fn} on this turn of the loop, after the current callback returns. */
  public void runSoon(Runnable fn) {
    soon.add(fn);
  }

  /**
   * A Deferred that fires after the next select(): what a port's stopListening returns. A
   * registered channel that is closed keeps its descriptor (a listening socket even keeps
   * listening) until select() deregisters its key; so "the port is closed" may only be announced
   * after that, as Twisted's stopListening does on a later turn.
   */
  Deferred<Void> afterNextSelect() {
    Deferred<Void> d = new Deferred<>();
    afterSelect.add(() -> d.callback(null));
    return d;
  }

  public boolean isInLoopThread() {
    return thread == Thread.currentThread();
  }

  // ---- lifecycle ----

  public boolean isRunning() {
    return state == RUNNING || state == STOPPING;
  }

  public boolean isStopping() {
    return state == STOPPING;
  }

  /** Runs the loop on the calling thread: fires "startup", loops until "shutdown" has finished. */
  public void run() {
    if (state != NEW) {
      throw new IllegalStateException("a reactor runs once; it cannot be restarted");
    }
    thread = Thread.currentThread();
    state = RUNNING;
    try {
      events.fire("startup", () -> {});
      while (state != STOPPED) {
        turn(-1);
      }
    } finally {
      finish();
    }
  }

  /**
   * Starts the shutdown: the "shutdown" event on the next turn, then the loop ends. Called from
   * another thread (a common slip), it is passed to the loop with callFromThread instead of
   * corrupting the loop's state.
   */
  public void stop() {
    Thread t = thread;
    if (t != null && t != Thread.currentThread()) {
      callFromThread(() -> {
        if (state == RUNNING) {
          stop();
        }
      });
      return;
    }
    if (state != RUNNING) {
      throw new IllegalStateException("Can't stop reactor that isn't running.");
    }
    state = STOPPING;
    runSoon(() -> events.fire("shutdown", () -> state = STOPPED));
  }

  /**
   * Releases a loop that was never run (or has stopped): closes its ports and connections, drops
   * its timers and closes the selector.
   */
  public void close() {
    if (state == RUNNING || state == STOPPING) {
      throw new IllegalStateException("stop the reactor before closing it");
    }
    if (state == STOPPED && !selector.isOpen()) {
      return;
    }
    timers.cancelAll();
    finish();
  }

  /** One turn of the loop, waiting at most {@code maxWaitSeconds} for I/O; for tests. */
  public void iterate(double maxWaitSeconds) {
    if (state == RUNNING || state == STOPPING) {
      if (!isInLoopThread()) {
        throw new IllegalStateException("iterate() on a reactor running on another thread");
      }
    } else if (state == STOPPED) {
      throw new IllegalStateException("the reactor has stopped");
    }
    Thread previous = thread;
    thread = Thread.currentThread();
    try {
      turn(Math.max(0, (long) Math.ceil(maxWaitSeconds * 1000)));
    } finally {
      thread = previous;
    }
  }

  /** One turn; {@code maxWaitMillis} -1 means "until the next timer, or forever". */
  private void turn(long maxWaitMillis) {
    runThreadCalls();
    runSoonTasks();
    timers.runDue();
    runSoonTasks();
    if (state == STOPPED) {
      return;
    }
    int waitingForSelect = afterSelect.size();
    select(maxWaitMillis, waitingForSelect > 0);
    for (; waitingForSelect > 0; waitingForSelect--) {
      soon.add(afterSelect.poll());
    }
  }

  private void select(long maxWaitMillis, boolean noWait) {
    try {
      if (noWait || !soon.isEmpty() || !threadCalls.isEmpty() || maxWaitMillis == 0) {
        selector.selectNow(dispatch);
        return;
      }
      long timeout = timeoutMillis();
      if (maxWaitMillis > 0 && (timeout == 0 || timeout > maxWaitMillis)) {
        timeout = maxWaitMillis;
      }
      if (timeout < 0) {
        selector.selectNow(dispatch);
        return;
      }
      wakeupNeeded.set(true);
      if (!threadCalls.isEmpty()) {
        wakeupNeeded.set(false);
        selector.selectNow(dispatch);
        return;
      }
      selector.select(dispatch, timeout);
      wakeupNeeded.set(false);
    } catch (IOException e) {
      Log.err(e, "select() failed");
    }
  }

  /** Milliseconds to the next timer (at least 1), 0 for "no timer: block", -1 for "due now". */
  private long timeoutMillis() {
    double next = timers.nextDeadline();
    if (next == Double.POSITIVE_INFINITY) {
      return 0;
    }
    double wait = next - seconds();
    if (wait <= 0) {
      return -1;
    }
    return Math.max(1, (long) Math.ceil(wait * 1000));
  }

  private void runThreadCalls() {
    for (int i = 0; i < MAX_THREAD_CALLS_PER_TURN; i++) {
      Runnable r = threadCalls.poll();
      if (r == null) {
        return;
      }
      runSafely(r, "Unhandled error in callFromThread");
    }
  }

  private void runSoonTasks() {
    for (int n = soon.size(); n > 0; n--) {
      runSafely(soon.poll(), "Unhandled error in reactor task");
    }
  }

  private static void runSafely(Runnable r, String why) {
    try {
      r.run();
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError) {
        throw (VirtualMachineError) t;
      }
      Log.err(t, why + " " + r);
    }
  }

  private static void dispatch(SelectionKey key) {
    if (!key.isValid()) {
      return;
    }
    Selectable s = (Selectable) key.attachment();
    try {
      s.onReady(key.readyOps());
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError) {
        throw (VirtualMachineError) t;
      }
      Log.err(t, "Unhandled error handling I/O for " + s.describe());
      s.shutdown(Failure.of(t));
    }
  }

  /** After the last turn: close whatever is left, then the selector, so no descriptor leaks. */
  private void finish() {
    state = STOPPED;
    try {
      disconnectAll(Failure.of(new dev.torsion.internet.ConnectionLost("the reactor stopped")));
      selector.selectNow(); // lets cancelled keys deregister, so closed channels really close
      runSoonTasks();
      for (Runnable r = afterSelect.poll(); r != null; r = afterSelect.poll()) {
        runSafely(r, "Unhandled error in reactor task");
      }
    } catch (IOException | RuntimeException e) {
      Log.err(e, "error while closing the reactor");
    } finally {
      try {
        selector.close();
      } catch (IOException e) {
        Log.err(e, "error closing the selector");
      }
      thread = null;
    }
  }

  // ---- channels ----

  /** Registers {@code channel} with this loop's selector, attached to {@code owner}. */
  SelectionKey register(SelectableChannel channel, int ops, Selectable owner)
      throws ClosedChannelException {
    if (state == STOPPED) {
      throw new IllegalStateException("the reactor has stopped");
    }
    return channel.register(selector, ops, owner);
  }

  void track(Selectable s) {
    unregistered.add(s);
  }

  void untrack(Selectable s) {
    unregistered.remove(s);
  }

  /**
   * Whether {@code b} is one of the shared read buffers (lent to a BufferReceiver) or a view of
   * one queued during a burst: either must be copied before it outlives the read.
   */
  boolean isReadBuffer(ByteBuffer b) {
    if (!b.isDirect()) {
      return false;
    }
    for (int i = 0; i < READ_BUFFERS; i++) {
      if (b == readBuffers[i] || b == queuedViews[i]) {
        return true;
      }
    }
    return false;
  }

  /** The first shared read buffer, cleared; valid until the caller returns to the loop. */
  ByteBuffer readBuffer() {
    return readBuffer(0);
  }

  /**
   * Shared read buffer {@code i} (0 to {@link #READ_BUFFERS} - 1), cleared: the i-th read of a
   * burst, so the earlier reads' bytes stay put until the burst's end. Read 0 starts a burst.
   */
  ByteBuffer readBuffer(int i) {
    if (i == 0) {
      viewsLent = 0;
    }
    ByteBuffer b = readBuffers[i];
    b.clear();
    return b;
  }

  /**
   * Takes what remains of read buffer {@code b} for the queue of the connection it was read on,
   * without copying, until the end of the burst: a view of the same bytes, b itself marked
   * consumed, as a write that went out at once would leave it. Null if {@code b} is not a read
   * buffer or its view is already queued (the protocol wrote the same bytes twice): copy then.
   */
  ByteBuffer lendQueuedView(ByteBuffer b) {
    for (int i = 0; i < READ_BUFFERS; i++) {
      if (b == readBuffers[i]) {
        if ((viewsLent & (1 << i)) != 0) {
          return null;
        }
        viewsLent |= 1 << i;
        ByteBuffer view = queuedViews[i];
        view.limit(b.limit()).position(b.position());
        b.position(b.limit());
        return view;
      }
    }
    return null;
  }

  /** Everything this loop watches: registered keys' owners and unregistered connectors. */
  public List<Selectable> selectables() {
    List<Selectable> out = new ArrayList<>(unregistered);
    if (selector.isOpen()) {
      for (SelectionKey key : selector.keys()) {
        if (key.isValid() && key.attachment() instanceof Selectable) {
          out.add((Selectable) key.attachment());
        }
      }
    }
    return out;
  }

  public List<String> describe(boolean ports) {
    List<String> out = new ArrayList<>();
    for (Selectable s : selectables()) {
      if (s.isPort() == ports) {
        out.add(s.describe());
      }
    }
    return out;
  }

  /** Closes every port and connection now: Twisted's disconnectAll. */
  public void disconnectAll(Failure reason) {
    for (Selectable s : selectables()) {
      try {
        s.shutdown(reason);
      } catch (RuntimeException e) {
        Log.err(e, "error closing " + s.describe());
      }
    }
    if (!isRunning() && selector.isOpen()) {
      try {
        selector.selectNow();
      } catch (IOException e) {
        Log.err(e, "selectNow failed");
      }
    }
  }

  // ---- write buffer marks ----

  public void setWriteBufferWaterMarks(int low, int high) {
    checkMarks(low, high);
    lowWater = low;
    highWater = high;
  }

  static void checkMarks(int low, int high) {
    if (low < 0 || high < low) {
      throw new IllegalArgumentException("need 0 <= lowWater <= highWater, got " + low + ", " + high);
    }
  }

  int lowWater() {
    return lowWater;
  }

  int highWater() {
    return highWater;
  }
}
