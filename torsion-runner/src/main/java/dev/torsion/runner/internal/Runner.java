package dev.torsion.runner.internal;

import dev.torsion.application.Application;
import dev.torsion.application.Service;
import dev.torsion.internet.CannotListenError;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.TimeoutError;
import dev.torsion.plugin.Options;
import dev.torsion.plugin.Plugin;
import dev.torsion.plugin.StartupError;
import dev.torsion.plugin.UsageError;
import dev.torsion.runner.plugins.RunPlugin;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one {@code ./torsion} run: parse, pick the plugin, daemonize if asked, set up
 * logging and the pid file, start the application with the reactor, stop it gracefully.
 */
public final class Runner {
  private Runner() {}

  /** Runs the command and returns the process exit status. */
  public static int run(String[] argv) {
    List<String> args = Arrays.asList(argv);
    String readyFile = null;
    GlobalOptions global = null;
    try {
      global = GlobalOptions.parse(args);
      readyFile = global.daemonReadyFile();
      return runParsed(args, global);
    } catch (UsageError e) {
      System.err.println("torsion: " + e.getMessage());
      Daemon.reportReady(readyFile, 2, e.getMessage());
      return 2;
    } catch (StartupError e) {
      if (e instanceof SourceCompiler.CompileError) {
        ((SourceCompiler.CompileError) e).diagnostics().forEach(System.err::println);
      }
      System.err.println("torsion: " + e.getMessage());
      boolean traceback = global != null && global.traceback() && e.getCause() != null;
      if (traceback) {
        e.getCause().printStackTrace();
      }
      Daemon.reportReady(readyFile, 1, e.getMessage());
      return 1;
    } catch (Exception e) {
      // Not the user's mistake: a bug, so the stack trace is what the reader needs.
      System.err.println("torsion: internal error: " + e);
      e.printStackTrace();
      Daemon.reportReady(readyFile, 1, "internal error: " + e);
      return 1;
    }
  }

  private static int runParsed(List<String> args, GlobalOptions global) throws Exception {
    PluginRegistry registry = new PluginRegistry(Runner.class.getClassLoader());
    if (global.rest().isEmpty()) {
      if (global.help()) {
        System.out.print(Help.main(registry.all()));
        return 0;
      }
      System.err.print(Help.main(registry.all()));
      return 2;
    }
    if (global.help()) {
      System.out.print(Help.main(registry.all()));
      return 0;
    }
    String name = global.rest().get(0);
    Plugin plugin = registry.get(name);
    if (plugin == null) {
      throw new UsageError("unknown plugin '" + name + "' (torsion --help lists them)");
    }
    List<String> pluginArgs = global.rest().subList(1, global.rest().size());
    ArgParser.Parsed parsed =
        ArgParser.parse(plugin.options(), pluginArgs, plugin.optionsEndAtFirstArgument(),
            "for plugin " + name + " (see torsion " + name + " --help)");
    if (parsed.help()) {
      System.out.print(Help.plugin(plugin));
      return 0;
    }
    if (plugin.arguments().isEmpty() && !parsed.positionals().isEmpty()) {
      throw new UsageError(
          "plugin " + name + " takes no arguments, got '" + parsed.positionals().get(0) + "'");
    }
    if (plugin.isCommand()) {
      return plugin.runCommand(new Options(parsed.values(), parsed.positionals(), null));
    }
    List<Companion> companions = companions(registry, global.also());
    if (global.daemon() && global.daemonReadyFile() == null) {
      // Fail fast in the foreground, where the user sees it, for what we can check here.
      if (global.pidfile() != null) {
        PidFile.check(Path.of(global.pidfile()));
      }
      LoggingSetup.checkWritable(Path.of(global.logfile()).toAbsolutePath());
      return Daemon.launch(args, global);
    }
    return serve(global, plugin, parsed, companions);
  }

  /** A plugin run beside the main one by {@code --also}, with its parsed arguments. */
  private record Companion(Plugin plugin, ArgParser.Parsed parsed) {}

  /**
   * Parses each {@code --also 'PLUGIN ARGS...'} (words split at spaces) before anything starts,
   * so that a mistake in one is a usage error like any other.
   */
  private static List<Companion> companions(PluginRegistry registry, List<String> specs) {
    List<Companion> all = new java.util.ArrayList<>();
    for (String spec : specs) {
      List<String> words = List.of(spec.trim().split("\\s+"));
      if (spec.isBlank()) {
        throw new UsageError("--also needs a plugin and its options, such as --also 'manhole"
            + " --telnet tcp:2323:interface=127.0.0.1'");
      }
      Plugin p = registry.get(words.get(0));
      if (p == null) {
        throw new UsageError("--also: unknown plugin '" + words.get(0) + "' (torsion --help lists them)");
      }
      if (p.isCommand()) {
        throw new UsageError("--also: " + p.name() + " is a command, not a service");
      }
      ArgParser.Parsed parsed = ArgParser.parse(p.options(), words.subList(1, words.size()),
          p.optionsEndAtFirstArgument(), "for --also " + p.name() + " (see torsion " + p.name()
              + " --help)");
      all.add(new Companion(p, parsed));
    }
    return all;
  }

  private static int serve(GlobalOptions global, Plugin plugin, ArgParser.Parsed parsed,
      List<Companion> companions) throws Exception {
    LoggingSetup.configure(global);
    Logger log = LoggerFactory.getLogger("dev.torsion.runner");
    PidFile pid = global.pidfile() == null ? null : PidFile.acquire(Path.of(global.pidfile()));
    try {
      int count = Reactors.count(global, plugin);
      if (count > 1) {
        log.info("spreading connections over {} reactors", count);
        if (!plugin.supportsManyReactors()) {
          log.info("--reactors {}: {}'s factories must be thread-safe", count, plugin.name());
        }
      }
      Reactor reactor = Reactors.create(count);
      Options options = new Options(parsed.values(), parsed.positionals(), reactor);
      Service service;
      try {
        service = plugin.makeService(options);
      } catch (StartupError e) {
        if (global.daemonReadyFile() != null) {
          // A daemon's stderr is /dev/null: its log keeps the compiler's lines, the reason, and
          // the stack trace if asked for (its parent prints the reason).
          if (e instanceof SourceCompiler.CompileError) {
            ((SourceCompiler.CompileError) e).diagnostics().forEach(line -> log.error("{}", line));
          }
          log.error("{}", e.getMessage(), global.traceback() ? e.getCause() : null);
        }
        throw e;
      }
      Application app;
      if (service instanceof Application) {
        app = (Application) service;
      } else {
        app = new Application(plugin.name());
        app.addService(service);
      }
      for (Companion c : companions) {
        // Beside the main service, started and stopped with it, on the same reactor(s).
        Service extra = c.plugin().makeService(
            new Options(c.parsed().values(), c.parsed().positionals(), reactor));
        if (extra.getName() == null || extra.getName().isEmpty()) {
          // Its log lines would otherwise take the application's name ("echo listening on").
          extra.setName(c.plugin().name());
        }
        app.addService(extra);
        log.info("also running {}", c.plugin().name());
      }
      int[] status = {0};
      reactor.addSystemEventTrigger(
          Reactor.Phase.BEFORE, "shutdown", () -> stopGracefully(app, reactor, global, log));
      // A run's Application is the user's code: its failure to start is theirs to read.
      String who = plugin instanceof RunPlugin
          ? plugin.name() + " " + parsed.positionals().get(0) : null;
      reactor.callWhenRunning(() -> start(app, reactor, global, who, status, log));
      Signals.install(reactor, () -> {
        if (pid != null) {
          pid.release();
        }
      });
      reactor.run();
      log.info("{} stopped", app.getName());
      return status[0];
    } finally {
      if (pid != null) {
        pid.release();
      }
      LoggingSetup.shutdown();
    }
  }

  private static void start(Application app, Reactor reactor, GlobalOptions global,
      String userCode, int[] status, Logger log) {
    Deferred<Void> started = Deferred.maybeDeferred(app::startService);
    started.addCallbacks(
        ok -> {
          log.info("{} started (PID {})", app.getName(), ProcessHandle.current().pid());
          Daemon.reportReady(global.daemonReadyFile(), 0, "");
          return null;
        },
        failure -> {
          String message = describeStartFailure(failure, userCode);
          boolean userMistake = userCode != null || isUserMistake(failure.value());
          if (!userMistake || global.traceback()) {
            log.error("{} failed to start", app.getName(), failure.value());
          } else if (!global.logfile().equals("-")) {
            log.error("{}", message);
          }
          if (global.daemonReadyFile() == null) {
            // One line where the user looks; a daemon's parent prints it instead.
            System.err.println("torsion: " + message);
          }
          Daemon.reportReady(global.daemonReadyFile(), 1, message);
          status[0] = 1;
          reactor.stop();
          return null;
        });
  }

  private static boolean isUserMistake(Throwable t) {
    return t instanceof CannotListenError || t instanceof StartupError || t instanceof UsageError;
  }

  /** The one line for a failed start; {@code userCode} is "run FILE" when the code is the user's. */
  static String describeStartFailure(Failure failure, String userCode) {
    Throwable t = failure.value();
    if (isUserMistake(t)) {
      return t.getMessage();
    }
    if (userCode != null) {
      return userCode + ": failed to start: " + UserErrors.describe(t);
    }
    return "failed to start: " + failure.getErrorMessage();
  }

  private static Deferred<Void> stopGracefully(
      Application app, Reactor reactor, GlobalOptions global, Logger log) {
    if (!app.isRunning()) {
      return Deferred.succeed(null);
    }
    log.info("stopping {} (up to {} s for in-flight work)", app.getName(), global.shutdownTimeout());
    Deferred<Void> stopped = Deferred.maybeDeferred(app::stopService);
    stopped.addTimeout(global.shutdownTimeout(), reactor);
    return stopped.addErrback(
        f -> {
          if (f.check(TimeoutError.class) != null) {
            log.warn("shutdown timeout passed; closing what is still open");
          } else {
            log.error("error while stopping {}", app.getName(), f.value());
          }
          return null;
        });
  }
}
