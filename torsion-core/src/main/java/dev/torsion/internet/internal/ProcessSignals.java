package dev.torsion.internet.internal;

import java.util.Locale;
import java.util.Map;

/**
 * Signal names and numbers for {@code signalProcess}. Java has no API to send a signal other than
 * SIGTERM ({@link ProcessHandle#destroy}) and SIGKILL ({@link ProcessHandle#destroyForcibly}),
 * so the others go through the shell's {@code kill} builtin; their numbers are needed to tell a
 * death by a signal we sent from an ordinary exit status (see {@link ProcessConnection}).
 */
final class ProcessSignals {
  /** Numbers fixed by POSIX (XSI) on every Unix. */
  private static final Map<String, Integer> POSIX =
      Map.of("HUP", 1, "INT", 2, "QUIT", 3, "ABRT", 6, "KILL", 9, "ALRM", 14, "TERM", 15);

  /** The rest, as Linux numbers them (x86, ARM; other systems differ, so only used on Linux). */
  private static final Map<String, Integer> LINUX = Map.ofEntries(
      Map.entry("ILL", 4), Map.entry("TRAP", 5), Map.entry("BUS", 7), Map.entry("FPE", 8),
      Map.entry("USR1", 10), Map.entry("SEGV", 11), Map.entry("USR2", 12), Map.entry("PIPE", 13),
      Map.entry("STKFLT", 16), Map.entry("CHLD", 17), Map.entry("CONT", 18), Map.entry("STOP", 19),
      Map.entry("TSTP", 20), Map.entry("TTIN", 21), Map.entry("TTOU", 22), Map.entry("URG", 23),
      Map.entry("XCPU", 24), Map.entry("XFSZ", 25), Map.entry("VTALRM", 26), Map.entry("PROF", 27),
      Map.entry("WINCH", 28), Map.entry("IO", 29), Map.entry("PWR", 30), Map.entry("SYS", 31));

  private static final boolean IS_LINUX =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");

  private ProcessSignals() {}

  /** "TERM", "term" and "SIGTERM" all become "TERM"; anything that is not a name is rejected. */
  static String normalize(String signal) {
    if (signal == null || signal.isEmpty()) {
      throw new IllegalArgumentException("signal name is empty");
    }
    String name = signal.toUpperCase(Locale.ROOT);
    if (name.startsWith("SIG")) {
      name = name.substring(3);
    }
    if (number(name) == 0) {
      throw new IllegalArgumentException("unknown signal: " + signal);
    }
    return name;
  }

  /** The signal's number on this platform, or 0 if we do not know it. */
  static int number(String name) {
    Integer n = POSIX.get(name);
    if (n == null && IS_LINUX) {
      n = LINUX.get(name);
    }
    return n == null ? 0 : n;
  }
}
