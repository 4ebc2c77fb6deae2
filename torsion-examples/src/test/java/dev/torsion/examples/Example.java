package dev.torsion.examples;

import dev.torsion.application.Application;
import dev.torsion.application.MultiService;
import dev.torsion.application.Service;
import dev.torsion.application.StreamServerEndpointService;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.Reactor;
import dev.torsion.runner.internal.SourceCompiler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One program from {@code examples/}, compiled in memory by the runner's own {@link
 * SourceCompiler} exactly as {@code ./torsion run examples/NAME.java} compiles it, so a test
 * exercises the very file a reader runs.
 *
 * <pre>{@code
 * Example chat = Example.load("ChatServer");
 * Application app = chat.application(reactor);
 * }</pre>
 *
 * <p>The examples live in the default package, so tests reach them by reflection: {@link #call}
 * for their static helpers, and Torsion's own public types ({@code Factory}, {@code Protocol},
 * {@code Deferred}) for everything they return.
 */
final class Example {
  /** The repository's examples directory (the tests run in torsion-examples/). */
  static final Path DIR = Path.of("..", "examples").toAbsolutePath().normalize();

  private static final Map<String, Example> COMPILED = new ConcurrentHashMap<>();

  private final Class<?> type;

  private Example(Class<?> type) {
    this.type = type;
  }

  /** Compiles {@code examples/NAME.java} (once per test run) and loads its class. */
  static Example load(String name) {
    return COMPILED.computeIfAbsent(name, n -> {
      Path file = file(n);
      if (!Files.isRegularFile(file)) {
        throw new AssertionError("no example " + file);
      }
      return new Example(SourceCompiler.compile(file, Example.class.getClassLoader()));
    });
  }

  static Path file(String name) {
    return DIR.resolve(name + ".java");
  }

  Class<?> type() {
    return type;
  }

  /** Calls the example's {@code application(reactor)}, the runner's entry point. */
  Application application(Reactor reactor) {
    return (Application) call("application", reactor);
  }

  /** Calls the example's static method {@code name} with {@code args} (matched by count). */
  @SuppressWarnings("unchecked")
  <T> T call(String name, Object... args) {
    for (Method m : type.getDeclaredMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == args.length) {
        m.setAccessible(true);
        try {
          return (T) m.invoke(null, args);
        } catch (InvocationTargetException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException) {
            throw (RuntimeException) cause;
          }
          if (cause instanceof Error) {
            throw (Error) cause;
          }
          throw new AssertionError(cause);
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    throw new AssertionError(type.getName() + " has no static " + name + " taking " + args.length);
  }

  /** Makes an instance of the example's nested class {@code simpleName} (args matched by count). */
  @SuppressWarnings("unchecked")
  <T> T make(String simpleName, Object... args) {
    for (Class<?> nested : type.getDeclaredClasses()) {
      if (nested.getSimpleName().equals(simpleName)) {
        for (java.lang.reflect.Constructor<?> c : nested.getDeclaredConstructors()) {
          if (c.getParameterCount() == args.length) {
            c.setAccessible(true);
            try {
              return (T) c.newInstance(args);
            } catch (ReflectiveOperationException e) {
              throw new AssertionError("cannot make " + simpleName, e);
            }
          }
        }
      }
    }
    throw new AssertionError(type.getName() + " has no nested " + simpleName + " taking " + args.length);
  }

  /** Starts {@code service} as the runner does; the Deferred fires once it has started. */
  static Deferred<Void> start(Service service) {
    return Deferred.maybeDeferred(service::startService);
  }

  /** Stops {@code service} as the runner does; fires once it has stopped. */
  static Deferred<Void> stop(Service service) {
    return Deferred.maybeDeferred(service::stopService);
  }

  /** The port every listening service in {@code app} is bound to, in the order they were added. */
  static List<Integer> ports(MultiService app) {
    List<Integer> ports = new ArrayList<>();
    collectPorts(app, ports);
    return ports;
  }

  /** The port of the one listening service in {@code app}. */
  static int port(MultiService app) {
    List<Integer> ports = ports(app);
    if (ports.size() != 1) {
      throw new AssertionError("expected one listening port in " + app + ", found " + ports);
    }
    return ports.get(0);
  }

  private static void collectPorts(MultiService parent, List<Integer> into) {
    for (Service s : parent) {
      if (s instanceof StreamServerEndpointService) {
        StreamServerEndpointService listening = (StreamServerEndpointService) s;
        if (listening.getPort() == null) {
          throw new AssertionError(s + " is not listening (was the application started?)");
        }
        into.add(((IPv4Address) listening.getPort().getHost()).port());
      } else if (s instanceof MultiService) {
        collectPorts((MultiService) s, into);
      }
    }
  }
}
