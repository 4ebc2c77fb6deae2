package dev.torsion.internet.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SIGINT and SIGTERM stop a reactor gracefully; a second signal exits at once. Uses {@code
 * sun.misc.Signal} (module jdk.unsupported) through reflection when the JDK has it, so nothing
 * here needs it at compile time; otherwise a shutdown hook stops the reactor and waits for it.
 */
public final class SignalHandlers {
  private static final long HOOK_WAIT_SECONDS = 30;

  private SignalHandlers() {}

  /**
   * Installs the handlers for a reactor: {@code stop} must be thread-safe (it is called from the
   * signal thread) and {@code stopped} must count down when the reactor's run() has returned.
   */
  public static void install(Runnable stop, CountDownLatch stopped) {
    AtomicInteger signals = new AtomicInteger();
    Runnable onSignal = () -> {
      if (signals.incrementAndGet() > 1) {
        Runtime.getRuntime().halt(130); // second signal: the user means it
      }
      stop.run();
    };
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

  private static boolean installSunMisc(Runnable onSignal) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      InvocationHandler ih = (Object proxy, Method m, Object[] args) -> {
        if (m.getName().equals("handle")) {
          onSignal.run();
          return null;
        }
        if (m.getName().equals("toString")) {
          return "torsion-signal-handler";
        }
        if (m.getName().equals("hashCode")) {
          return System.identityHashCode(proxy);
        }
        if (m.getName().equals("equals")) {
          return proxy == args[0];
        }
        return null;
      };
      Object handler = Proxy.newProxyInstance(
          SignalHandlers.class.getClassLoader(), new Class<?>[] {handlerClass}, ih);
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      for (String name : new String[] {"INT", "TERM"}) {
        Object signal = signalClass.getConstructor(String.class).newInstance(name);
        handle.invoke(null, signal, handler);
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      org.slf4j.LoggerFactory.getLogger("dev.torsion")
          .warn("cannot install signal handlers ({}); falling back to a shutdown hook", e.toString());
      return false;
    }
  }
}
