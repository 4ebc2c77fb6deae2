package dev.torsion.application;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Log;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.task.LoopingCall;
import java.util.concurrent.Callable;

/**
 * A service that calls a function every {@code interval} seconds while it runs, starting at once:
 * Twisted's {@code internet.TimerService}, a {@link LoopingCall} tied to the service's life.
 *
 * <p>If the function throws (or its Deferred fails) the error is logged and the timer stops, as
 * in Twisted; the service stays "running" until stopped. If the function returns a Deferred,
 * the next call waits for it, and {@link #stopService} fires once it has fired.
 *
 * <pre>{@code
 * new TimerService(reactor, 60, () -> { cache.expire(); return null; }).setServiceParent(app);
 * }</pre>
 */
public class TimerService extends Service {
  private final ReactorTime clock;
  private final double interval;
  private final Callable<?> fn;
  private LoopingCall loop;
  private Deferred<Void> loopFinished;

  public TimerService(ReactorTime clock, double interval, Callable<?> fn) {
    if (!(interval >= 0)) {
      throw new IllegalArgumentException("interval must be >= 0, got " + interval);
    }
    this.clock = clock;
    this.interval = interval;
    this.fn = fn;
  }

  @Override
  public Deferred<Void> startService() {
    super.startService();
    loop = new LoopingCall(clock, fn);
    Deferred<Void> finished = new Deferred<>();
    loopFinished = finished;
    loop.start(interval, true)
        .addCallbacks(
            ignored -> {
              finished.callback(null);
              return null;
            },
            f -> {
              Log.err(f, "TimerService: the timed call failed; the timer has stopped");
              finished.callback(null);
              return null;
            });
    return null;
  }

  @Override
  public Deferred<Void> stopService() {
    super.stopService();
    if (loop != null && loop.isRunning()) {
      loop.stop();
    }
    loop = null;
    return loopFinished;
  }
}
