package dev.torsion.plugin;

import dev.torsion.internet.Reactor;
import java.util.List;
import java.util.Map;

/**
 * The parsed options of one plugin, with the reactor its service should use.
 *
 * <pre>{@code
 * String listen = options.get("listen");          // the value, or the option's default
 * int port = options.getInt("port");
 * boolean verbose = options.has("verbose");       // a flag
 * String file = options.arguments().get(0);       // positional arguments
 * }</pre>
 */
public final class Options {
  private final Map<String, String> values;
  private final List<String> arguments;
  private final Reactor reactor;

  /** Made by the runner once it has parsed the command line and built the reactor. */
  public Options(Map<String, String> values, List<String> arguments, Reactor reactor) {
    this.values = Map.copyOf(values);
    this.arguments = List.copyOf(arguments);
    this.reactor = reactor;
  }

  /** The option's value (its default when not given), or null when it has neither. */
  public String get(String name) {
    return values.get(name);
  }

  /**
   * Every value of a {@link Option#repeatable} option, in command-line order (the default alone
   * when it was not given); empty when it has none.
   */
  public List<String> getAll(String name) {
    String v = values.get(name);
    return v == null ? List.of() : List.of(v.split(String.valueOf(Options.SEPARATOR), -1));
  }

  /** Joins the values of a repeated option in the value map. */
  public static final char SEPARATOR = '\u001f';

  /** The option's value as an int; a {@link UsageError} when it is not one. */
  public int getInt(String name) {
    String v = get(name);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new UsageError("--" + name + " must be a whole number, not '" + v + "'");
    }
  }

  /** True when a flag was given or a valued option has a value. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** The positional arguments after the options. */
  public List<String> arguments() {
    return arguments;
  }

  /**
   * The reactor to build the service on. With more than one reactor it is a {@link
   * dev.torsion.internet.ReactorGroup#asListeningReactor() ReactorGroup's view}: a listening port
   * made on it spreads its connections over the reactors (so the factory must be thread-safe),
   * and a timer or connection made from a connection's thread stays on that thread.
   */
  public Reactor reactor() {
    return reactor;
  }
}
