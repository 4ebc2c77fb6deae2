package dev.torsion.runner.plugins;

import dev.torsion.application.Service;
import dev.torsion.internet.Reactor;
import dev.torsion.plugin.Options;
import dev.torsion.plugin.Plugin;
import dev.torsion.plugin.StartupError;
import dev.torsion.plugin.UsageError;
import dev.torsion.runner.internal.SourceCompiler;
import dev.torsion.runner.internal.UserErrors;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code torsion run FILE.java [ARGS...]} or {@code torsion run CLASS [ARGS...]}: runs the
 * Application a user's class makes, Torsion's answer to twistd's {@code -y app.tac}.
 *
 * <p>The convention: the class has {@code public static Application application(Reactor reactor,
 * String[] args)}, which gets the words after the file or class as {@code main} would, or {@code
 * application(Reactor reactor)} when it takes none (any {@link Service} may be returned). A
 * {@code .java} file is compiled in memory against the runner's classpath, so it may use
 * everything Torsion has, and needs no build; a class name is loaded from the classpath ({@code
 * java -cp app.jar:torsion.jar ...}).
 *
 * <pre>{@code
 * // ./torsion run EchoServer.java --port 9000      (or: run EchoServer.java -- --port 9000)
 * public final class EchoServer {
 *   public static Application application(Reactor reactor, String[] args) {
 *     String port = args.length == 2 && args[0].equals("--port") ? args[1] : "8007";
 *     Application app = new Application("echo");
 *     Strports.service("tcp:" + port, Factory.forProtocol(Echo::new), reactor).setServiceParent(app);
 *     return app;
 *   }
 * }
 * }</pre>
 *
 * <p>An exception thrown by {@code application} is the user's to fix: the runner prints {@code
 * torsion: run FILE: ExceptionClass: message} and exits 1 (with the stack trace under {@code
 * --traceback}); compile errors print the compiler's {@code FILE:LINE: error: ...} lines.
 */
public final class RunPlugin implements Plugin {
  @Override
  public String name() {
    return "run";
  }

  @Override
  public String description() {
    return "Run the Application from a Java source file or a class:"
        + " application(Reactor[, String[] args])";
  }

  @Override
  public String arguments() {
    return "FILE.java|CLASS [--] [ARGS...]";
  }

  @Override
  public boolean optionsEndAtFirstArgument() {
    return true;
  }

  @Override
  public Service makeService(Options options) throws Exception {
    if (options.arguments().isEmpty()) {
      throw new UsageError("run needs a FILE.java or CLASS (see torsion run --help)");
    }
    String target = options.arguments().get(0);
    List<String> rest = options.arguments().subList(1, options.arguments().size());
    if (!rest.isEmpty() && rest.get(0).equals("--")) {
      rest = rest.subList(1, rest.size()); // "run App.java -- --port 1": the "--" is ours
    }
    if (target.endsWith(".java")) {
      Path file = Path.of(target);
      if (!Files.isRegularFile(file)) {
        throw new StartupError("cannot read " + target + ": no such file");
      }
      if (!Files.isReadable(file)) {
        throw new StartupError("cannot read " + target + ": permission denied");
      }
    }
    Class<?> type;
    try {
      type = target.endsWith(".java")
          ? SourceCompiler.compile(Path.of(target), RunPlugin.class.getClassLoader())
          : Class.forName(target, true, RunPlugin.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new StartupError("no class " + target + " on the classpath (or give a FILE.java)");
    } catch (ExceptionInInitializerError e) {
      // A static initializer of the user's class threw.
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new StartupError("run " + target + ": " + UserErrors.describe(cause), cause);
    } catch (LinkageError e) {
      throw new StartupError("run " + target + ": " + UserErrors.describe(e), e);
    }
    return invoke(type, target, options.reactor(), rest.toArray(new String[0]));
  }

  private static Service invoke(Class<?> type, String target, Reactor reactor, String[] args)
      throws Exception {
    Method method = find(type, Reactor.class, String[].class);
    Object[] callArgs = {reactor, args};
    if (method == null) {
      method = find(type, Reactor.class);
      callArgs = new Object[] {reactor};
      if (method != null && args.length > 0) {
        throw new UsageError(type.getName() + ".application(Reactor) takes no arguments, got '"
            + args[0] + "' (declare application(Reactor reactor, String[] args) to read them)");
      }
    }
    if (method == null) {
      throw new StartupError(type.getName()
          + " has no 'public static Application application(Reactor reactor[, String[] args])'");
    }
    String signature = method.getParameterCount() == 1 ? "(Reactor)" : "(Reactor, String[])";
    if (!Modifier.isStatic(method.getModifiers())
        || !Service.class.isAssignableFrom(method.getReturnType())) {
      throw new StartupError(type.getName() + ".application" + signature
          + " must be public static and return an Application");
    }
    Service service;
    try {
      service = (Service) method.invoke(null, callArgs);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UsageError || cause instanceof StartupError) {
        throw (RuntimeException) cause; // the application's own one-line verdict on its arguments
      }
      if (cause instanceof VirtualMachineError) {
        throw (VirtualMachineError) cause;
      }
      // The user's application failed to start: their error, not the runner's.
      throw new StartupError("run " + target + ": " + UserErrors.describe(cause), cause);
    }
    if (service == null) {
      throw new StartupError(type.getName() + ".application" + signature + " returned null");
    }
    return service;
  }

  private static Method find(Class<?> type, Class<?>... parameters) {
    try {
      return type.getMethod("application", parameters);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}
