package dev.torsion.runner.internal;

import dev.torsion.plugin.Option;
import dev.torsion.plugin.UsageError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code --name VALUE}, {@code --name=VALUE} and {@code --flag} against a list of {@link
 * Option}s, as Twisted's {@code usage.Options} does.
 */
public final class ArgParser {
  /** What a parse found: option values (defaults filled in), positionals, and where it stopped. */
  public record Parsed(Map<String, String> values, List<String> positionals, boolean help) {}

  private ArgParser() {}

  /**
   * Parses {@code args} from {@code start}. With {@code stopAtPositional}, parsing ends at the
   * first non-option word (the global options end at the plugin name) and the rest, that word
   * included, are the positionals.
   */
  public static Parsed parse(
      List<Option> specs, List<String> args, boolean stopAtPositional, String context) {
    Map<String, Option> byName = new HashMap<>();
    for (Option o : specs) {
      byName.put(o.name(), o);
    }
    Map<String, String> values = new HashMap<>();
    List<String> positionals = new ArrayList<>();
    boolean help = false;
    int i = 0;
    while (i < args.size()) {
      String arg = args.get(i++);
      if (arg.equals("--")) {
        positionals.addAll(args.subList(i, args.size()));
        break;
      }
      if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
        continue;
      }
      if (!arg.startsWith("-") || arg.equals("-")) {
        positionals.add(arg);
        if (stopAtPositional) {
          positionals.addAll(args.subList(i, args.size()));
          break;
        }
        continue;
      }
      if (!arg.startsWith("--")) {
        throw new UsageError("unknown option " + arg + " " + context);
      }
      String name = arg.substring(2);
      String inline = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        inline = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      Option spec = byName.get(name);
      if (spec == null) {
        throw new UsageError("unknown option --" + name + " " + context);
      }
      if (spec.isFlag()) {
        if (inline != null) {
          throw new UsageError("--" + name + " takes no value " + context);
        }
        values.put(name, "true");
      } else if (inline != null) {
        putValue(values, spec, inline);
      } else if (i < args.size() && !args.get(i).startsWith("--")) {
        // "--listen --udp none" forgot the value; "--name=--x" still passes one that looks so.
        putValue(values, spec, args.get(i++));
      } else {
        throw new UsageError("--" + name + " needs a value (" + spec.metavar() + ") " + context);
      }
    }
    for (Option o : specs) {
      if (!o.isFlag() && o.defaultValue() != null) {
        values.putIfAbsent(o.name(), o.defaultValue());
      }
    }
    return new Parsed(values, positionals, help);
  }

  /** A repeatable option collects its values (see Options#getAll); others keep the last. */
  private static void putValue(Map<String, String> values, Option spec, String value) {
    if (spec.isRepeatable()) {
      values.merge(spec.name(), value, (a, b) -> a + dev.torsion.plugin.Options.SEPARATOR + b);
    } else {
      values.put(spec.name(), value);
    }
  }

  /** The options as help lines: "  --name METAVAR   help (default: x)". */
  public static String describe(List<Option> specs) {
    List<String> left = new ArrayList<>();
    int width = 0;
    for (Option o : specs) {
      String l = "  --" + o.name() + (o.isFlag() ? "" : " " + o.metavar());
      left.add(l);
      width = Math.max(width, l.length());
    }
    StringBuilder out = new StringBuilder();
    for (int k = 0; k < specs.size(); k++) {
      Option o = specs.get(k);
      String l = left.get(k);
      out.append(l).append(" ".repeat(width - l.length() + 3)).append(o.help());
      if (o.defaultValue() != null) {
        out.append(" (default: ").append(o.defaultValue()).append(')');
      }
      out.append('\n');
    }
    return out.toString();
  }
}
