package dev.torsion.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real command, run as a process: what a user typing {@code ./torsion ...} sees. */
final class RunnerProcessTest {
  private static final String LISTENING_TCP = "listening on (?:tcp|ssl):\\S+ \\(127\\.0\\.0\\.1:(\\d+)\\)";

  @TempDir Path dir;

  @Test
  void helpListsEveryPluginWithOneLineEach() throws Exception {
    try (TorsionProcess p = TorsionProcess.start(dir, "--help")) {
      assertThat(p.waitFor()).isEqualTo(0);
      String out = String.join("\n", p.stdout());
      for (String plugin : List.of("echo", "discard", "chargen", "daytime", "qotd", "portforward", "socks", "run")) {
        assertThat(out).containsPattern("(?m)^  " + plugin + " +\\S");
      }
      assertThat(out).contains("--pidfile FILE", "--daemon", "--log-format text|json", "--traceback");
      assertThat(out).contains("Environment:", "TORSION_JAVA_OPTS", "JAVA_TOOL_OPTIONS");
    }
  }

  @Test
  void pluginHelpListsItsOptions() throws Exception {
    try (TorsionProcess p = TorsionProcess.start(dir, "portforward", "--help")) {
      assertThat(p.waitFor()).isEqualTo(0);
      assertThat(String.join("\n", p.stdout())).contains("--listen ENDPOINT", "--dest HOST:PORT");
    }
  }

  @Test
  void unknownPluginIsAUsageErrorWithOneLine() throws Exception {
    try (TorsionProcess p = TorsionProcess.start(dir, "nosuchplugin")) {
      assertThat(p.waitFor()).isEqualTo(2);
      assertThat(p.stderr()).containsExactly("torsion: unknown plugin 'nosuchplugin' (torsion --help lists them)");
    }
  }

  @Test
  void unknownOptionIsAUsageError() throws Exception {
    try (TorsionProcess p = TorsionProcess.start(dir, "echo", "--colour", "blue")) {
      assertThat(p.waitFor()).isEqualTo(2);
      assertThat(p.stderr()).hasSize(1);
      assertThat(p.stderr().get(0)).startsWith("torsion: unknown option --colour");
    }
  }

  @Test
  void aPortInUseExitsWithOneLineNamingTheEndpoint() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String endpoint = "tcp:" + taken.getLocalPort() + ":interface=127.0.0.1";
      try (TorsionProcess p = TorsionProcess.start(dir, "echo", "--listen", endpoint, "--udp", "none")) {
        assertThat(p.waitFor()).isEqualTo(1);
        assertThat(p.stderr())
            .containsExactly("torsion: cannot listen on " + endpoint + ": address already in use");
        assertThat(String.join("\n", p.stderr())).doesNotContain("Exception", "\tat ");
      }
    }
  }

  @Test
  void echoAnswersOverTcpAndUdpAndSigtermStopsItCleanly() throws Exception {
    try (TorsionProcess p =
        TorsionProcess.start(dir, "echo", "--listen", "tcp:0:interface=127.0.0.1", "--udp", "0")) {
      int tcpPort = Integer.parseInt(p.awaitLine(LISTENING_TCP).group(1));
      int udpPort = Integer.parseInt(p.awaitLine("listening on udp:\\S+ \\(127\\.0\\.0\\.1:(\\d+)\\)").group(1));
      p.awaitLine("echo started");

      byte[] sent = new byte[1 << 20];
      new Random(7).nextBytes(sent);
      assertThat(echoOverTcp(tcpPort, sent)).isEqualTo(sent);

      try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        udp.setSoTimeout(10_000);
        byte[] ping = "ping over udp".getBytes(StandardCharsets.US_ASCII);
        udp.send(new DatagramPacket(ping, ping.length, InetAddress.getLoopbackAddress(), udpPort));
        DatagramPacket reply = new DatagramPacket(new byte[100], 100);
        udp.receive(reply);
        assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII))
            .isEqualTo("ping over udp");
      }

      p.terminate();
      assertThat(p.waitFor()).isEqualTo(0);
      assertThat(String.join("\n", p.stdout())).contains("received SIGTERM", "echo stopped");
    }
  }

  /** Sends everything, half-closes, and reads until the server closes. */
  static byte[] echoOverTcp(int port, byte[] data) throws IOException, InterruptedException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
      s.setSoTimeout(20_000);
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      // Read while writing, or a full socket buffer on both sides would stall us.
      Thread reader =
          new Thread(
              () -> {
                try (InputStream in = s.getInputStream()) {
                  in.transferTo(got);
                } catch (IOException e) {
                  // the assertion on the bytes reports it
                }
              });
      reader.start();
      s.getOutputStream().write(data);
      s.shutdownOutput();
      reader.join(20_000);
      return got.toByteArray();
    }
  }

  @Test
  void pidfileReplacesAStaleOneRefusesALiveOneAndIsRemovedAtExit() throws Exception {
    Path pidfile = dir.resolve("echo.pid");
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor(10, TimeUnit.SECONDS);
    Files.writeString(pidfile, gone.pid() + "\n");

    try (TorsionProcess first =
        TorsionProcess.start(dir, "--pidfile", pidfile.toString(), "echo", "--listen", "tcp:0:interface=127.0.0.1", "--udp", "none")) {
      first.awaitLine("echo started");
      assertThat(Files.readString(pidfile).trim()).isEqualTo(Long.toString(first.pid()));

      try (TorsionProcess second =
          TorsionProcess.start(dir, "--pidfile", pidfile.toString(), "echo", "--listen", "tcp:0:interface=127.0.0.1", "--udp", "none")) {
        assertThat(second.waitFor()).isEqualTo(1);
        assertThat(second.stderr())
            .containsExactly("torsion: another server is running, PID " + first.pid()
                + " (from the pid file " + pidfile + ")");
      }
      assertThat(Files.readString(pidfile).trim()).isEqualTo(Long.toString(first.pid()));

      first.signal("INT");
      assertThat(first.waitFor()).isEqualTo(0);
      assertThat(pidfile).doesNotExist();
    }
  }

  @Test
  void daemonReturnsOnceListeningAndStopsOnSigterm() throws Exception {
    Path pidfile = dir.resolve("d.pid");
    Path logfile = dir.resolve("d.log");
    try (TorsionProcess parent =
        TorsionProcess.start(dir, "--daemon", "--pidfile", pidfile.toString(), "--logfile", logfile.toString(),
            "echo", "--listen", "tcp:0:interface=127.0.0.1", "--udp", "none")) {
      assertThat(parent.waitFor()).isEqualTo(0);
    }
    long pid = Long.parseLong(Files.readString(pidfile).trim());
    ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow();
    try {
      assertThat(daemon.isAlive()).isTrue();
      // It reported ready, so the port is already in the log.
      String log = Files.readString(logfile);
      Matcher m = java.util.regex.Pattern.compile(LISTENING_TCP).matcher(log);
      assertThat(m.find()).as(log).isTrue();
      byte[] hello = "hello daemon".getBytes(StandardCharsets.US_ASCII);
      assertThat(echoOverTcp(Integer.parseInt(m.group(1)), hello)).isEqualTo(hello);

      daemon.destroy(); // SIGTERM
      daemon.onExit().get(30, TimeUnit.SECONDS);
      assertThat(pidfile).doesNotExist();
      assertThat(Files.readString(logfile)).contains("received SIGTERM", "echo stopped");
    } finally {
      daemon.destroyForcibly();
    }
  }

  @Test
  void daemonReportsAPortInUseToTheCommandThatStartedIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String endpoint = "tcp:" + taken.getLocalPort() + ":interface=127.0.0.1";
      try (TorsionProcess parent =
          TorsionProcess.start(dir, "--daemon", "--pidfile", dir.resolve("x.pid").toString(),
              "--logfile", dir.resolve("x.log").toString(), "echo", "--listen", endpoint, "--udp", "none")) {
        assertThat(parent.waitFor()).isEqualTo(1);
        assertThat(parent.stderr())
            .containsExactly("torsion: cannot listen on " + endpoint + ": address already in use");
      }
      assertThat(dir.resolve("x.pid")).doesNotExist();
    }
  }

  @Test
  void runStartsTheApplicationOfAnExampleSourceFile() throws Exception {
    Path example = Path.of("..", "examples", "EchoServer.java").toAbsolutePath().normalize();
    try (TorsionProcess p =
        TorsionProcess.start(dir, List.of("-Decho.listen=tcp:0:interface=127.0.0.1"), "run", example.toString())) {
      int port = Integer.parseInt(p.awaitLine(LISTENING_TCP).group(1));
      byte[] data = "run me".getBytes(StandardCharsets.US_ASCII);
      assertThat(echoOverTcp(port, data)).isEqualTo(data);
      p.terminate();
      assertThat(p.waitFor()).isEqualTo(0);
    }
  }

  @Test
  void runOfAMissingFileNamesIt() throws Exception {
    try (TorsionProcess p = TorsionProcess.start(dir, "run", "NoSuchApp.java")) {
      assertThat(p.waitFor()).isEqualTo(1);
      assertThat(p.stderr()).containsExactly("torsion: cannot read NoSuchApp.java: no such file");
    }
  }

  @Test
  void unwritableLogFileIsNamed() throws Exception {
    Path log = dir.resolve("missing-dir").resolve("t.log");
    try (TorsionProcess p = TorsionProcess.start(dir, "--logfile", log.toString(), "echo")) {
      assertThat(p.waitFor()).isEqualTo(1);
      assertThat(p.stderr()).hasSize(1);
      assertThat(p.stderr().get(0)).startsWith("torsion: cannot write the log file " + log);
    }
  }

  @Test
  void aMissingKeyFileIsNamedInOneLineWithExit1() throws Exception {
    Path key = dir.resolve("no-such-key.pem");
    try (TorsionProcess p = TorsionProcess.start(dir, "--reactors", "2",
        "echo", "--listen", "ssl:0:privateKey=" + key, "--udp", "none")) {
      assertThat(p.waitFor()).isEqualTo(1);
      assertThat(p.stderr())
          .containsExactly("torsion: --listen: cannot read " + key + ": no such file or directory");
    }
  }

  @Test
  void anAccessLogInAMissingDirectoryIsNamed() throws Exception {
    Path log = dir.resolve("missing-dir").resolve("access.log");
    try (TorsionProcess p =
        TorsionProcess.start(dir, "web", "--path", dir.toString(), "--access-log", log.toString())) {
      assertThat(p.waitFor()).isEqualTo(1);
      assertThat(p.stderr())
          .containsExactly("torsion: --access-log: cannot open " + log + ": no such file or directory");
    }
  }
}
