package dev.torsion.internet.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * SIGINT and SIGTERM stop a reactor gracefully; a second signal while it is stopping exits at
 * once with 128 + the signal's number (130 for INT, 143 for TERM), as a shell reports a process
 * killed by that signal. Once the reactor's run() has returned the handler is no longer ours to
 * act on: a signal goes to the handler installed before (the JVM's own, which exits in an orderly
 * way with the same status), so a late second signal never halts a program that is tidying up.
 * Uses {@code sun.misc.Signal} (module jdk.unsupported) through reflection when the JDK has it,
 * so nothing here needs it at compile time; otherwise a shutdown hook stops the reactor and waits
 * for it.
 */
public final class SignalHandlers {
  private static final long HOOK_WAIT_SECONDS = 30;
  /** The two signals handled, with their numbers, which POSIX fixes on every platform. */
  private static final Map<String, Integer> SIGNALS = Map.of("INT", 2, "TERM", 15);

  private SignalHandlers() {}

  /**
   * Installs the handlers for a reactor: {@code stop} must be thread-safe (it is called from the
   * signal thread) and {@code stopped} must count down when the reactor's run() has returned.
   */
  public static void install(Runnable stop, CountDownLatch stopped) {
    OnSignal onSignal = new OnSignal(stop, stopped, Runtime.getRuntime()::halt);
    if (!installSunMisc(onSignal)) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        stop.run();
        try {
          stopped.await(HOOK_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "torsion-shutdown-hook"));
    }
  }

  /** What one reactor's handler does with a signal; apart from sun.misc so tests can drive it. */
  static final class OnSignal {
    private final Runnable stop;
    private final CountDownLatch stopped;
    private final IntConsumer halt;
    private final AtomicInteger signals = new AtomicInteger();

    OnSignal(Runnable stop, CountDownLatch stopped, IntConsumer halt) {
      this.stop = stop;
      this.stopped = stopped;
      this.halt = halt;
    }

    /**
     * Handles signal {@code number}; {@code previous} runs the handler that was installed before
     * ours.
     */
    void handle(int number, Runnable previous) {
      if (stopped.getCount() == 0) {
        previous.run(); // the reactor is done: the signal means what it meant before we came
        return;
      }
      if (signals.incrementAndGet() > 1) {
        halt.accept(128 + number); // second signal while stopping: the user means it
        return;
      }
      stop.run();
    }
  }

  private static boolean installSunMisc(OnSignal onSignal) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      Method handlerHandle = handlerClass.getMethod("handle", signalClass);
      Object ignore = handlerClass.getField("SIG_IGN").get(null);
      for (Map.Entry<String, Integer> sig : SIGNALS.entrySet()) {
        Object signal = signalClass.getConstructor(String.class).newInstance(sig.getKey());
        int number = sig.getValue();
        Object[] previous = {null};
        Runnable callPrevious = () -> {
          Object old = previous[0];
          if (old == ignore) {
            return;
          }
          try {
            handlerHandle.invoke(old, signal);
          } catch (ReflectiveOperationException | RuntimeException nativeDefault) {
            // SIG_DFL (and any native handler) cannot be called from Java; the JVM's default
            // for these signals is an orderly exit with this status.
            Runtime.getRuntime().exit(128 + number);
          }
        };
        Object handler = Proxy.newProxyInstance(
            SignalHandlers.class.getClassLoader(), new Class<?>[] {handlerClass},
            (Object proxy, Method m, Object[] args) -> {
              switch (m.getName()) {
                case "handle":
                  onSignal.handle(number, callPrevious);
                  return null;
                case "toString":
                  return "torsion-signal-handler(SIG" + sig.getKey() + ")";
                case "hashCode":
                  return System.identityHashCode(proxy);
                case "equals":
                  return proxy == args[0];
                default:
                  return null;
              }
            });
        previous[0] = handle.invoke(null, signal, handler);
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      org.slf4j.LoggerFactory.getLogger("dev.torsion")
          .warn("cannot install signal handlers ({}); falling back to a shutdown hook", e.toString());
      return false;
    }
  }
}
