package dev.torsion.runner.plugins;

import dev.torsion.application.Service;
import dev.torsion.internet.Reactor;
import dev.torsion.runner.Options;
import dev.torsion.runner.Plugin;
import dev.torsion.runner.StartupError;
import dev.torsion.runner.UsageError;
import dev.torsion.runner.internal.SourceCompiler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code torsion run FILE.java} or {@code torsion run CLASS}: runs the Application a user's class
 * makes, Torsion's answer to twistd's {@code -y app.tac}.
 *
 * <p>The convention: the class has {@code public static Application application(Reactor
 * reactor)} (any {@link Service} may be returned). A {@code .java} file is compiled in memory
 * against the runner's classpath, so it may use everything Torsion has, and needs no build; a
 * class name is loaded from the classpath ({@code java -cp app.jar:torsion.jar ...}).
 *
 * <pre>{@code
 * public final class EchoServer {
 *   public static Application application(Reactor reactor) {
 *     Application app = new Application("echo");
 *     Strports.service("tcp:8007", Factory.forProtocol(Echo::new), reactor).setServiceParent(app);
 *     return app;
 *   }
 * }
 * }</pre>
 */
public final class RunPlugin implements Plugin {
  @Override
  public String name() {
    return "run";
  }

  @Override
  public String description() {
    return "run the Application from a Java source file or a class: application(Reactor)";
  }

  @Override
  public String arguments() {
    return "FILE.java|CLASS";
  }

  @Override
  public Service makeService(Options options) throws Exception {
    if (options.arguments().size() != 1) {
      throw new UsageError("run needs exactly one FILE.java or CLASS, got " + options.arguments().size());
    }
    String target = options.arguments().get(0);
    Class<?> type;
    if (target.endsWith(".java")) {
      Path file = Path.of(target);
      if (!Files.isRegularFile(file)) {
        throw new StartupError("cannot read " + target + ": no such file");
      }
      if (!Files.isReadable(file)) {
        throw new StartupError("cannot read " + target + ": permission denied");
      }
      type = SourceCompiler.compile(file, RunPlugin.class.getClassLoader());
    } else {
      try {
        type = Class.forName(target, true, RunPlugin.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new StartupError("no class " + target + " on the classpath (or give a FILE.java)");
      }
    }
    return invoke(type, options.reactor());
  }

  private static Service invoke(Class<?> type, Reactor reactor) throws Exception {
    Method method;
    try {
      method = type.getMethod("application", Reactor.class);
    } catch (NoSuchMethodException e) {
      throw new StartupError(
          type.getName() + " has no 'public static Application application(Reactor reactor)'");
    }
    if (!Modifier.isStatic(method.getModifiers()) || !Service.class.isAssignableFrom(method.getReturnType())) {
      throw new StartupError(
          type.getName() + ".application(Reactor) must be public static and return an Application");
    }
    try {
      Service service = (Service) method.invoke(null, reactor);
      if (service == null) {
        throw new StartupError(type.getName() + ".application(Reactor) returned null");
      }
      return service;
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception) {
        throw (Exception) cause;
      }
      throw e;
    }
  }
}
