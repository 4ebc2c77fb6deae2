package dev.torsion.plugin;

import dev.torsion.application.Service;
import java.util.List;

/**
 * A command of the {@code ./torsion} runner ({@code echo}, {@code portforward}, {@code run}...):
 * Twisted's {@code IServiceMaker}, the thing a twistd plugin provides.
 *
 * <p>Plugins are found with {@link java.util.ServiceLoader}: a jar on the classpath adds its own
 * by listing its class in {@code META-INF/services/dev.torsion.plugin.Plugin}. A plugin is thin:
 * it reads its options and wires a protocol's factory to an endpoint; the runner does logging,
 * pid files, daemonizing and the graceful stop.
 *
 * <pre>{@code
 * public final class HelloPlugin implements Plugin {
 *   public String name() { return "hello"; }
 *   public String description() { return "Say hello to every TCP client"; }
 *   public List<Option> options() {
 *     return List.of(Option.value("listen", "ENDPOINT", "tcp:8123", "where to listen"));
 *   }
 *   public Service makeService(Options options) {
 *     return Strports.service(options.get("listen"), Factory.forProtocol(Hello::new),
 *         options.reactor());
 *   }
 * }
 * }</pre>
 */
public interface Plugin {
  /** The word that selects the plugin on the command line. */
  String name();

  /** One line for {@code ./torsion --help}. */
  String description();

  /** The options the plugin accepts, for parsing and for {@code ./torsion NAME --help}. */
  default List<Option> options() {
    return List.of();
  }

  /**
   * How the plugin's positional arguments read in its usage line (e.g. {@code "FILE.java|CLASS"}),
   * or "" when it takes none.
   */
  default String arguments() {
    return "";
  }

  /**
   * Whether the first positional argument ends this plugin's options, so that every word after it
   * (options included) is an argument for it to hand on, as {@code java CLASS ARGS...} does:
   * {@code run App.java --port 9000}. False by default: options may follow positionals.
   */
  default boolean optionsEndAtFirstArgument() {
    return false;
  }

  /**
   * Whether this plugin is a one-shot command ({@code ./torsion passwd FILE NAME}) rather than a
   * service: the runner then calls {@link #runCommand} with no reactor, logging or pid file, and
   * exits with the status it returns. False by default.
   */
  default boolean isCommand() {
    return false;
  }

  /**
   * Runs a one-shot command (see {@link #isCommand}); {@link Options#reactor()} is null. Returns
   * the exit status; throw {@link UsageError} or {@link StartupError} for the user's mistakes.
   */
  default int runCommand(Options options) throws Exception {
    throw new UnsupportedOperationException(name() + " is a service, not a command");
  }

  /**
   * Builds the service to run. Throw {@link UsageError} for a bad option value (exit 2) and {@link
   * StartupError} for anything else the user must fix, such as an unreadable file (exit 1).
   */
  Service makeService(Options options) throws Exception;

  /**
   * Whether this plugin's services may spread their connections over several reactor threads:
   * their factories are thread-safe and their protocols use {@link Options#reactor()} only from
   * their own connection's thread. When true, the runner uses one reactor per core unless {@code
   * --reactors} says otherwise; when false (the default: a plugin written the Twisted way may
   * share state between connections) it uses one, unless {@code --reactors} asks for more.
   */
  default boolean supportsManyReactors() {
    return false;
  }
}
