package dev.torsion.internet.internal;

import dev.torsion.internet.AlreadyCalledError;
import dev.torsion.internet.AlreadyCancelledError;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Log;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * The timed calls of one reactor or {@link dev.torsion.internet.task.Clock}: a binary min-heap
 * ordered by (time, scheduling order), in which each call remembers its own slot so that
 * {@code cancel}, {@code reset} and {@code delay} cost O(log n) rather than a scan. A server with
 * 100,000 idle-timeout timers resets one on every read, so this matters.
 *
 * <p>Single-threaded: only the thread that owns the reactor (or the test driving a Clock) may
 * touch the queue or its calls.
 *
 * <pre>{@code
 * TimerQueue timers = new TimerQueue(() -> System.nanoTime() / 1e9);
 * DelayedCall idle = timers.schedule(30, transport::abortConnection);
 * idle.reset(30);              // activity: push the deadline back
 * selector.select(timeoutFor(timers.nextDeadline()));
 * timers.runDue();
 * }</pre>
 */
public final class TimerQueue {
  private static final int PENDING = 0;
  private static final int RAN = 1;
  private static final int CANCELLED = 2;

  private final DoubleSupplier now;
  private Call[] heap = new Call[16];
  private int size;
  /** Scheduling order, used to break ties and to hold back calls scheduled during runDue. */
  private long nextSeq;

  public TimerQueue(DoubleSupplier now) {
    this.now = now;
  }

  /** Schedules {@code fn} to run {@code delaySeconds} from now; a negative delay counts as zero. */
  public DelayedCall schedule(double delaySeconds, Runnable fn) {
    if (fn == null) {
      throw new NullPointerException("fn");
    }
    Call call = new Call(fn);
    call.time = now.getAsDouble() + checkDelay(delaySeconds);
    call.seq = nextSeq++;
    insert(call);
    return call;
  }

  /** The time of the earliest pending call, or {@link Double#POSITIVE_INFINITY} when there is none. */
  public double nextDeadline() {
    return size == 0 ? Double.POSITIVE_INFINITY : heap[0].time;
  }

  /**
   * Runs every pending call whose time has come, earliest first (ties in scheduling order), and
   * returns how many ran. A call that throws is reported through {@link Log#err} and the others
   * still run. Calls scheduled (or rescheduled) while this runs wait for the next {@code runDue},
   * so a call that keeps rescheduling itself with delay 0 cannot starve the caller's I/O.
   */
  public int runDue() {
    double current = now.getAsDouble();
    long firstNewSeq = nextSeq;
    int ran = 0;
    while (size > 0) {
      Call top = heap[0];
      // Every call scheduled during this pass has time >= current and a newer seq, so once one
      // reaches the top no older call that is still due can sit below it.
      if (top.time > current || top.seq >= firstNewSeq) {
        break;
      }
      removeAt(0);
      top.state = RAN;
      ran++;
      Runnable fn = top.fn;
      top.fn = null;
      try {
        fn.run();
      } catch (Throwable t) {
        if (t instanceof VirtualMachineError) {
          throw (VirtualMachineError) t;
        }
        Log.err(t, "Unhandled error in delayed call " + fn);
      }
    }
    return ran;
  }

  /** The pending calls, in no particular order (a copy). */
  public List<DelayedCall> pending() {
    List<DelayedCall> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(heap[i]);
    }
    return out;
  }

  /** How many calls are pending. */
  public int size() {
    return size;
  }

  /** Cancels every pending call. */
  public void cancelAll() {
    for (int i = 0; i < size; i++) {
      Call c = heap[i];
      c.state = CANCELLED;
      c.index = -1;
      c.fn = null;
      heap[i] = null;
    }
    size = 0;
  }

  private static double checkDelay(double delaySeconds) {
    if (Double.isNaN(delaySeconds)) {
      throw new IllegalArgumentException("delay is NaN");
    }
    return delaySeconds < 0 ? 0 : delaySeconds;
  }

  // ---- heap plumbing ----

  private static boolean less(Call a, Call b) {
    return a.time < b.time || (a.time == b.time && a.seq < b.seq);
  }

  private void insert(Call call) {
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    heap[size] = call;
    call.index = size;
    size++;
    siftUp(call.index);
  }

  private void removeAt(int i) {
    Call removed = heap[i];
    size--;
    Call last = heap[size];
    heap[size] = null;
    removed.index = -1;
    if (i != size) {
      heap[i] = last;
      last.index = i;
      siftDown(i);
      if (heap[i] == last) {
        siftUp(i);
      }
    }
  }

  private void reposition(Call call) {
    int i = call.index;
    siftUp(i);
    if (heap[i] == call) {
      siftDown(i);
    }
  }

  private void siftUp(int i) {
    Call c = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      Call p = heap[parent];
      if (!less(c, p)) {
        break;
      }
      heap[i] = p;
      p.index = i;
      i = parent;
    }
    heap[i] = c;
    c.index = i;
  }

  private void siftDown(int i) {
    Call c = heap[i];
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && less(heap[right], heap[child])) {
        child = right;
      }
      Call ch = heap[child];
      if (!less(ch, c)) {
        break;
      }
      heap[i] = ch;
      ch.index = i;
      i = child;
    }
    heap[i] = c;
    c.index = i;
  }

  private final class Call implements DelayedCall {
    Runnable fn;
    double time;
    long seq;
    int index = -1;
    int state = PENDING;

    Call(Runnable fn) {
      this.fn = fn;
    }

    @Override
    public double getTime() {
      return time;
    }

    @Override
    public void cancel() {
      checkPending("cancel");
      state = CANCELLED;
      fn = null;
      removeAt(index);
    }

    @Override
    public void delay(double seconds) {
      checkPending("delay");
      if (Double.isNaN(seconds)) {
        throw new IllegalArgumentException("delay is NaN");
      }
      time += seconds;
      seq = nextSeq++;
      reposition(this);
    }

    @Override
    public void reset(double seconds) {
      checkPending("reset");
      time = now.getAsDouble() + checkDelay(seconds);
      seq = nextSeq++;
      reposition(this);
    }

    @Override
    public boolean active() {
      return state == PENDING;
    }

    private void checkPending(String what) {
      if (state == RAN) {
        throw new AlreadyCalledError("cannot " + what + " a delayed call that already ran");
      }
      if (state == CANCELLED) {
        throw new AlreadyCancelledError("cannot " + what + " a delayed call that was cancelled");
      }
    }

    @Override
    public String toString() {
      String s = state == PENDING ? "pending" : state == RAN ? "called" : "cancelled";
      return "DelayedCall<" + s + " at " + time + ": " + fn + ">";
    }
  }
}
