package dev.torsion.trial;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real programs that interop tests talk to (curl, openssl, Twisted under python3...),
 * and skips the test with a clear message when one is missing.
 *
 * <p>Every {@code *InteropTest} starts with a call here instead of its own {@code which}. When
 * the program is absent the test is aborted (reported as skipped) with a message naming the
 * package to install; with the environment variable {@code TORSION_REQUIRE_PEERS=1} it fails
 * instead, so a CI machine that is meant to have every peer cannot silently skip them.
 *
 * <pre>{@code
 * @Test
 * void curlFetchesOurPage() throws Exception {
 *   String curl = Peers.require("curl");
 *   Process p = new ProcessBuilder(curl, "-s", url).start();
 *   ...
 * }
 *
 * String python = Peers.requirePython("twisted");   // /usr/bin/python3, able to import twisted
 * }</pre>
 */
public final class Peers {
  /** The interpreter Twisted interop tests use: the system one, where apt installs python3-*. */
  public static final String PYTHON = "/usr/bin/python3";

  /** Where a program's apt package is not simply its own name. */
  private static final Map<String, String> APT_PACKAGES =
      Map.ofEntries(
          Map.entry("ssh", "openssh-client"),
          Map.entry("sshd", "openssh-server"),
          Map.entry("ssh-keygen", "openssh-client"),
          Map.entry("dig", "bind9-dnsutils"),
          Map.entry("nslookup", "bind9-dnsutils"),
          Map.entry("nc", "netcat-openbsd"),
          Map.entry("python3", "python3"),
          Map.entry("h2load", "nghttp2-client"),
          Map.entry("nghttp", "nghttp2-client"),
          Map.entry("ab", "apache2-utils"),
          Map.entry("swaks", "swaks"),
          Map.entry("redis-cli", "redis-tools"));

  private static final Map<String, Boolean> PYTHON_MODULES = new ConcurrentHashMap<>();

  private Peers() {}

  /**
   * Returns the absolute path of {@code program} (a name looked up on PATH, or an absolute path),
   * or skips the test (fails it under {@code TORSION_REQUIRE_PEERS=1}) if it is not installed.
   */
  public static String require(String program) {
    String path = find(program);
    if (path == null) {
      missing("peer '" + program + "' not installed (apt-get install " + aptPackage(program) + ")");
    }
    return path;
  }

  private static final Map<String, String> DEBIAN_PACKAGES = Map.of(
      "dns", "python3-dnspython", "h2", "python3-h2", "websockets", "python3-websockets");

  /**
   * Returns {@value #PYTHON} once it is known to import {@code module}, or skips the test (fails
   * it under {@code TORSION_REQUIRE_PEERS=1}). The check runs once per module per JVM.
   */
  public static String requirePython(String module) {
    if (!module.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
      throw new IllegalArgumentException("not a python module name: " + module);
    }
    if (!Files.isExecutable(Path.of(PYTHON))) {
      missing("peer 'python3' not installed (apt-get install python3)");
    }
    boolean present = PYTHON_MODULES.computeIfAbsent(module, Peers::pythonCanImport);
    if (!present) {
      String top = module.split("\\.")[0];
      // Debian names most python3-* packages after their module; a few after the project.
      String pkg = DEBIAN_PACKAGES.getOrDefault(
          top, "python3-" + top.toLowerCase().replace('_', '-'));
      missing(
          "peer 'python3 module "
              + module
              + "' not installed (apt-get install "
              + pkg
              + ")");
    }
    return PYTHON;
  }

  /** Absolute path of {@code program} or null; no skipping, for tests that can fall back. */
  public static String find(String program) {
    if (program.indexOf('/') >= 0) {
      return Files.isExecutable(Path.of(program)) && !Files.isDirectory(Path.of(program))
          ? Path.of(program).toAbsolutePath().toString()
          : null;
    }
    String pathVar = System.getenv("PATH");
    if (pathVar == null) {
      return null;
    }
    for (String dir : pathVar.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return candidate.toAbsolutePath().toString();
      }
    }
    return null;
  }

  /** True when the environment demands every peer: missing ones fail instead of skipping. */
  public static boolean peersRequired() {
    return "1".equals(System.getenv("TORSION_REQUIRE_PEERS"));
  }

  private static String aptPackage(String program) {
    String name = Path.of(program).getFileName().toString();
    return APT_PACKAGES.getOrDefault(name, name);
  }

  private static void missing(String message) {
    if (peersRequired()) {
      Assertions.fail(message + " and TORSION_REQUIRE_PEERS=1");
    }
    Assumptions.abort(message);
  }

  private static boolean pythonCanImport(String module) {
    ProcessBuilder pb = new ProcessBuilder(PYTHON, "-c", "import " + module);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    try {
      Process p = pb.start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
