package dev.torsion.bench;

import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.ListeningPort;

/** Helpers shared by the bench servers' {@code main} methods. */
final class BenchMain {
  private BenchMain() {}

  static int port(ListeningPort port) {
    return ((IPv4Address) port.getHost()).port();
  }

  /** The line the harness waits for before it starts the load. */
  static void announce(int port) {
    System.out.println("listening " + port);
    System.out.flush();
  }

  static boolean flag(String[] args, String name) {
    for (String a : args) {
      if (a.equals(name)) {
        return true;
      }
    }
    return false;
  }

  static String option(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
