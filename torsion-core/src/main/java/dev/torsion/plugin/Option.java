package dev.torsion.plugin;

import java.util.Objects;

/**
 * One command-line option of a {@link Plugin}: a {@code --name VALUE} or a {@code --flag}, as
 * Twisted's {@code usage.Options} {@code optParameters} and {@code optFlags}.
 *
 * <pre>{@code
 * Option.value("listen", "ENDPOINT", "tcp:8007", "where to listen");
 * Option.flag("verbose", "log every connection");
 * }</pre>
 *
 * @param name the long name, without the leading dashes
 * @param metavar how the value reads in help (e.g. "ENDPOINT"), or null for a flag
 * @param defaultValue the value when the option is not given, or null for none
 * @param help one line for the plugin's help
 */
public record Option(String name, String metavar, String defaultValue, String help) {
  public Option {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(help, "help");
  }

  /** An option that takes a value. */
  public static Option value(String name, String metavar, String defaultValue, String help) {
    return new Option(name, Objects.requireNonNull(metavar, "metavar"), defaultValue, help);
  }

  /** An option that is either present or not. */
  public static Option flag(String name, String help) {
    return new Option(name, null, null, help);
  }

  /**
   * An option that takes a value and may be given several times ({@code --listen A --listen B});
   * read all of them with {@link Options#getAll}. Its metavar reads "METAVAR..." in help.
   */
  public static Option repeatable(String name, String metavar, String defaultValue, String help) {
    return new Option(name, Objects.requireNonNull(metavar, "metavar") + REPEATABLE, defaultValue,
        help);
  }

  /** The metavar suffix that marks a repeatable option. */
  static final String REPEATABLE = "...";

  /** True for an option that may be given several times. */
  public boolean isRepeatable() {
    return metavar != null && metavar.endsWith(REPEATABLE);
  }

  /** True for a flag, which takes no value. */
  public boolean isFlag() {
    return metavar == null;
  }
}
