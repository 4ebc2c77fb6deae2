package dev.torsion.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every plugin's mistakes, through the real command: each is exactly one line on stderr, exit 2
 * for a command-line mistake and 1 for anything else the user must fix. No stack traces.
 */
final class RunnerErrorsProcessTest {
  /** Each listening plugin with the options it needs besides --listen. */
  private static final List<List<String>> LISTENERS = List.of(
      List.of("echo", "--udp", "none"),
      List.of("discard", "--udp", "none"),
      List.of("chargen", "--udp", "none"),
      List.of("daytime", "--udp", "none"),
      List.of("qotd", "--udp", "none"),
      List.of("portforward", "--dest", "127.0.0.1:9"),
      List.of("socks"),
      List.of("web", "--path", "."));

  @TempDir Path dir;

  @Test
  void anUnknownOptionIsOneUsageLineForEveryPlugin() throws Exception {
    for (String plugin : List.of("echo", "discard", "chargen", "daytime", "qotd", "portforward",
        "socks", "web", "run")) {
      assertOneLine(2, "torsion: unknown option --colour for plugin " + plugin
          + " (see torsion " + plugin + " --help)", plugin, "--colour", "blue");
    }
  }

  @Test
  void aMissingValueIsOneUsageLineForEveryPlugin() throws Exception {
    for (List<String> plugin : LISTENERS) {
      String metavar = plugin.get(0).equals("web") ? "ENDPOINT..." : "ENDPOINT";
      assertOneLine(2, "torsion: --listen needs a value (" + metavar + ") for plugin "
          + plugin.get(0) + " (see torsion " + plugin.get(0) + " --help)", with(plugin, "--listen"));
    }
    assertOneLine(2, "torsion: --pidfile needs a value (FILE) (see torsion --help)", "--pidfile");
  }

  @Test
  void aBadEndpointOrPortIsOneUsageLineForEveryPlugin() throws Exception {
    for (List<String> plugin : LISTENERS) {
      assertOneLine(2, "torsion: --listen: unknown endpoint type 'nope' in 'nope:1'",
          with(plugin, "--listen", "nope:1"));
      assertOneLine(2, "torsion: --listen: bad port '99999' in 'tcp:99999'",
          with(plugin, "--listen", "tcp:99999"));
    }
    assertOneLine(2, "torsion: --udp must be a port number or none, not '70000'",
        "echo", "--listen", "tcp:0:interface=127.0.0.1", "--udp", "70000");
    assertOneLine(2, "torsion: --dest has a bad port in 'example.com:0'",
        "portforward", "--listen", "tcp:0", "--dest", "example.com:0");
  }

  @Test
  void aPortInUseIsOneLineWithExit1ForEveryPlugin() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String endpoint = "tcp:" + taken.getLocalPort() + ":interface=127.0.0.1";
      for (List<String> plugin : LISTENERS) {
        assertOneLine(1, "torsion: cannot listen on " + endpoint + ": address already in use",
            with(plugin, "--listen", endpoint));
      }
    }
  }

  @Test
  void aUdpPortInUseIsOneLineWithExit1() throws Exception {
    try (DatagramSocket taken =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      int port = taken.getLocalPort();
      assertOneLine(1,
          "torsion: cannot listen on udp:" + port + ":interface=127.0.0.1: address already in use",
          "echo", "--listen", "tcp:0:interface=127.0.0.1", "--udp", Integer.toString(port));
    }
  }

  @Test
  void aKeyFileThatIsNotPemIsOneLineWithExit1() throws Exception {
    Path key = Files.writeString(dir.resolve("junk.pem"), "this is not a key\n");
    assertOneLine(1, "torsion: --listen: cannot use " + key + ": PEM holds no private key",
        "echo", "--listen", "ssl:0:privateKey=" + key, "--udp", "none");
  }

  @Test
  void aKeyFileThatIsADirectoryIsOneLineWithExit1() throws Exception {
    assertOneLine(1, "torsion: --listen: cannot read " + dir + ": is a directory",
        "echo", "--listen", "ssl:0:privateKey=" + dir, "--udp", "none");
  }

  @Test
  void aUnixSocketInAMissingDirectoryIsOneLineWithExit1() throws Exception {
    Path socket = dir.resolve("missing-dir").resolve("s.sock");
    try (TorsionProcess p = TorsionProcess.start(dir, "echo", "--listen", "unix:" + socket)) {
      assertThat(p.waitFor()).isEqualTo(1);
      assertThat(p.stderr()).hasSize(1);
      // The file named may be the socket or its lock file, beside it in the missing directory.
      assertThat(p.stderr().get(0)).startsWith("torsion: cannot listen on unix:" + socket
          + ": no such file or directory: " + socket);
    }
  }

  @Test
  void anUnreadableWebPathIsOneLineWithExit1() throws Exception {
    assumeFalse("root".equals(System.getProperty("user.name")), "root reads every directory");
    Path secret = Files.createDirectory(dir.resolve("secret"));
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
    try {
      assertOneLine(1, "torsion: --path: cannot read " + secret + ": permission denied",
          "web", "--listen", "tcp:0:interface=127.0.0.1", "--path", secret.toString());
    } finally {
      Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void aMissingWebPathIsOneLineWithExit1() throws Exception {
    Path missing = dir.resolve("no-such-site");
    assertOneLine(1, "torsion: --path: no such file or directory: " + missing,
        "web", "--listen", "tcp:0:interface=127.0.0.1", "--path", missing.toString());
  }

  @Test
  void aPidfileOrLogfileInAMissingDirectoryIsOneLineWithExit1() throws Exception {
    Path pid = dir.resolve("missing-dir").resolve("t.pid");
    Path log = dir.resolve("missing-dir").resolve("t.log");
    assertOneLine(1, "torsion: cannot write the pid file " + pid + ": no such directory",
        "--pidfile", pid.toString(), "echo", "--listen", "tcp:0:interface=127.0.0.1", "--udp", "none");
    assertOneLine(1, "torsion: cannot write the pid file " + pid + ": no such directory",
        "--daemon", "--logfile", dir.resolve("d.log").toString(), "--pidfile", pid.toString(), "echo");
    assertOneLine(1, "torsion: cannot write the log file " + log + ": no such directory "
        + log.getParent(), "--daemon", "--logfile", log.toString(), "echo");
  }

  private static String[] with(List<String> plugin, String... more) {
    List<String> args = new ArrayList<>(plugin.subList(0, 1));
    args.addAll(List.of(more));
    args.addAll(plugin.subList(1, plugin.size()));
    return args.toArray(new String[0]);
  }

  @Test
  void aMistakeInAnAlsoPluginIsOneUsageLine() throws Exception {
    assertOneLine(2, "torsion: --also: unknown plugin 'nosuch' (torsion --help lists them)",
        "--also", "nosuch --listen tcp:0", "echo", "--udp", "none");
    assertOneLine(2, "torsion: unknown option --colour for --also echo (see torsion echo --help)",
        "--also", "echo --colour blue", "discard", "--udp", "none");
    assertOneLine(2, "torsion: --also: passwd is a command, not a service",
        "--also", "passwd f alice", "echo", "--udp", "none");
  }

  private void assertOneLine(int status, String line, String... args) throws Exception {
    try (TorsionProcess p = TorsionProcess.start(dir, args)) {
      assertThat(p.waitFor()).as(String.join(" ", args)).isEqualTo(status);
      assertThat(p.stderr()).as(String.join(" ", args)).containsExactly(line);
    }
  }
}
