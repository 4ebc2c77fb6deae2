package dev.torsion.runner.internal;

import dev.torsion.plugin.Option;
import dev.torsion.plugin.UsageError;
import java.util.List;
import java.util.Map;

/** The runner's own options, the ones before the plugin name (twistd's). */
public record GlobalOptions(
    String logfile,
    String logFormat,
    long logMaxSize,
    int logMaxFiles,
    String pidfile,
    boolean daemon,
    String daemonReadyFile,
    int reactors,
    double shutdownTimeout,
    boolean traceback,
    boolean help,
    List<String> also,
    List<String> rest) {

  /** The daemon child learns where to report readiness through this hidden option. */
  static final String DAEMON_READY = "daemon-ready";

  /** Each reactor is a thread and a selector: a typo such as 10000 must not exhaust the host. */
  static final int MAX_REACTORS = 1024;

  public static final List<Option> SPECS =
      List.of(
          Option.value("logfile", "FILE", null,
              "log to FILE, rotated by size; - is stdout (default: stdout, torsion.log with --daemon)"),
          Option.value("log-format", "text|json", "text", "log line format; json is one object a line"),
          Option.value("log-max-size", "SIZE", "10MB", "rotate the log file when it passes SIZE"),
          Option.value("log-max-files", "N", "5", "rotated log files to keep"),
          Option.value("pidfile", "FILE", null,
              "write our PID to FILE; refuse to start while a live process holds it"
                  + " (default: torsion.pid with --daemon)"),
          Option.flag("daemon", "run in the background; return once the service is listening"),
          Option.value("reactors", "N", null,
              "spread connections over N reactor threads, each staying on one"
                  + " (default: one per core; 1 for run and third-party plugins)"),
          Option.value("shutdown-timeout", "SECONDS", "30",
              "on SIGTERM, how long in-flight work may take before it is cut off"),
          Option.repeatable("also", "'PLUGIN ARGS...'", null,
              "also run another plugin's service in this process, beside the main one, such as"
                  + " --also 'manhole --telnet tcp:2323:interface=127.0.0.1'; may be repeated"),
          Option.flag("traceback",
              "print the stack trace when the service cannot start (for bugs; a user's"
                  + " mistake is one line without it)"));

  private static final List<Option> ALL =
      concat(SPECS, Option.value(DAEMON_READY, "FILE", null, "internal"));

  public static GlobalOptions parse(List<String> args) {
    ArgParser.Parsed p = ArgParser.parse(ALL, args, true, "(see torsion --help)");
    Map<String, String> v = p.values();
    String format = v.get("log-format");
    if (!format.equals("text") && !format.equals("json")) {
      throw new UsageError("--log-format must be text or json, not '" + format + "'");
    }
    boolean daemon = v.containsKey("daemon");
    String logfile = v.get("logfile");
    if (logfile == null) {
      logfile = daemon ? "torsion.log" : "-";
    }
    if (daemon && logfile.equals("-")) {
      throw new UsageError("--daemon needs a --logfile, not stdout");
    }
    String pidfile = v.get("pidfile");
    if (pidfile == null && daemon) {
      pidfile = "torsion.pid";
    }
    int reactors = 0; // the plugin's default
    if (v.get("reactors") != null) {
      reactors = positiveInt("reactors", v.get("reactors"));
      if (reactors > MAX_REACTORS) {
        throw new UsageError(
            "--reactors must be at most " + MAX_REACTORS + ", not '" + v.get("reactors") + "'");
      }
    }
    double timeout;
    try {
      timeout = Double.parseDouble(v.get("shutdown-timeout"));
    } catch (NumberFormatException e) {
      timeout = -1;
    }
    if (!(timeout >= 0) || Double.isInfinite(timeout)) {
      throw new UsageError(
          "--shutdown-timeout must be a number of seconds, not '" + v.get("shutdown-timeout") + "'");
    }
    return new GlobalOptions(
        logfile,
        format,
        parseSize(v.get("log-max-size")),
        positiveInt("log-max-files", v.get("log-max-files")),
        pidfile,
        daemon,
        v.get(DAEMON_READY),
        reactors,
        timeout,
        v.containsKey("traceback"),
        p.help(),
        v.get("also") == null ? List.of()
            : List.of(v.get("also").split(String.valueOf(dev.torsion.plugin.Options.SEPARATOR), -1)),
        p.positionals());
  }

  private static int positiveInt(String name, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the usage error
    }
    throw new UsageError("--" + name + " must be a positive whole number, not '" + value + "'");
  }

  /** "10MB", "512KB", "1GB", "4096" into bytes. */
  static long parseSize(String text) {
    String t = text.trim().toUpperCase(java.util.Locale.ROOT);
    long unit = 1;
    for (String[] u : new String[][] {{"GB", "1073741824"}, {"MB", "1048576"}, {"KB", "1024"}, {"B", "1"}}) {
      if (t.endsWith(u[0])) {
        unit = Long.parseLong(u[1]);
        t = t.substring(0, t.length() - u[0].length()).trim();
        break;
      }
    }
    try {
      long n = Long.parseLong(t);
      if (n > 0) {
        return n * unit;
      }
    } catch (NumberFormatException e) {
      // fall through to the usage error
    }
    throw new UsageError("--log-max-size must be a size such as 10MB, not '" + text + "'");
  }

  private static List<Option> concat(List<Option> a, Option b) {
    java.util.ArrayList<Option> all = new java.util.ArrayList<>(a);
    all.add(b);
    return List.copyOf(all);
  }
}
