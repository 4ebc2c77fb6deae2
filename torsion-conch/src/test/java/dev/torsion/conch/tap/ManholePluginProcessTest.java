package dev.torsion.conch.tap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.runner.TorsionProcess;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code ./torsion manhole}, driven over a raw telnet connection. */
class ManholePluginProcessTest {
  @TempDir Path dir;

  /** Reads until {@code marker} appears (the socket's timeout is the deadline). */
  static String until(InputStream in, String marker) throws Exception {
    StringBuilder b = new StringBuilder();
    while (!b.toString().contains(marker)) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      b.append((char) c);
    }
    return b.toString();
  }

  @Test
  void evaluatesJavaInTheRunningProcessWithTheReactorBound() throws Exception {
    try (TorsionProcess manhole = TorsionProcess.start(dir, "manhole", "--telnet",
        "tcp:0:interface=127.0.0.1")) {
      int port = Integer.parseInt(manhole.awaitLine(ConchPluginProcessTest.LISTENING).group(1));
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(30_000);
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        assertThat(until(in, "java> ")).contains("bound: reactor");
        out.write("int x = 6 * 7;\r\nx + 1\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(until(in, "43")).contains("42");
        out.write("reactor.isRunning()\r\nvoid f() {\r\n}\r\nnosuch()\r\n"
            .getBytes(StandardCharsets.UTF_8));
        String rest = until(in, "error: cannot find symbol");
        assertThat(rest).contains("true").contains("...>");
      }
      manhole.terminate();
      assertThat(manhole.waitFor()).isZero();
    }
  }

  @Test
  void aManholeBesideAnApplicationStartedWithRun() throws Exception {
    // ./torsion --also 'manhole ...' run examples/EchoServer.java: one process, both services.
    Path echo = Path.of("..", "examples", "EchoServer.java").toAbsolutePath().normalize();
    try (TorsionProcess both = TorsionProcess.start(dir,
        java.util.List.of("-Decho.listen=tcp:0:interface=127.0.0.1"),
        "--also", "manhole --telnet tcp:0:interface=127.0.0.1", "run", echo.toString())) {
      both.awaitLine("started \\(PID");
      int manholePort = -1;
      int echoPort = -1;
      java.util.regex.Pattern listening =
          java.util.regex.Pattern.compile("listening on tcp:\\S+ \\(127\\.0\\.0\\.1:(\\d+)\\)");
      for (String line : both.stdout()) {
        java.util.regex.Matcher m = listening.matcher(line);
        if (m.find()) {
          if (line.contains("manhole")) {
            manholePort = Integer.parseInt(m.group(1));
          } else {
            echoPort = Integer.parseInt(m.group(1));
          }
        }
      }
      assertThat(both.stdout()).anyMatch(line -> line.contains("also running manhole"));
      assertThat(manholePort).as(both.output()).isPositive();
      assertThat(echoPort).as(both.output()).isPositive();
      try (Socket e = new Socket("127.0.0.1", echoPort); Socket s = new Socket("127.0.0.1", manholePort)) {
        e.setSoTimeout(30_000);
        e.getOutputStream().write("ping\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(until(e.getInputStream(), "ping")).contains("ping");
        s.setSoTimeout(30_000);
        InputStream in = s.getInputStream();
        assertThat(until(in, "java> ")).contains("bound: reactor");
        s.getOutputStream().write("ProcessHandle.current().pid()\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(until(in, String.valueOf(both.pid()))).contains(String.valueOf(both.pid()));
      }
      both.terminate();
      assertThat(both.waitFor()).isZero();
    }
  }

  @Test
  void telnetOffLoopbackIsRefused() throws Exception {
    TorsionProcess manhole = TorsionProcess.start(dir, "manhole", "--telnet", "tcp:0");
    assertThat(manhole.waitFor()).isEqualTo(2);
    assertThat(manhole.stderr()).hasSize(1);
    assertThat(manhole.stderr().get(0)).contains("not on loopback");
  }

  @Test
  void evaluatesOverSshToo() throws Exception {
    String ssh = dev.torsion.trial.Peers.require("ssh");
    String sshpass = dev.torsion.trial.Peers.require("sshpass");
    Path key = dir.resolve("manhole_key");
    try (TorsionProcess manhole = TorsionProcess.start(dir, "manhole", "--ssh",
        "tcp:0:interface=127.0.0.1", "--host-key", key.toString(), "--user", "admin=s3cret")) {
      int port = Integer.parseInt(manhole.awaitLine(ConchPluginProcessTest.LISTENING).group(1));
      java.nio.file.Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + port + " "
          + java.nio.file.Files.readString(dir.resolve("manhole_key.pub")));
      TorsionProcess client = TorsionProcess.exec(dir, java.util.List.of(sshpass, "-p", "s3cret",
          ssh, "-F", "/dev/null", "-p", String.valueOf(port), "-o",
          "UserKnownHostsFile=" + dir.resolve("known_hosts"), "-o", "PubkeyAuthentication=no",
          "admin@127.0.0.1", "String.valueOf(6 * 7) + reactor.isRunning()"));
      assertThat(client.waitFor()).as(client.output()).isZero();
      assertThat(client.stdout()).containsExactly("\"42true\"");
      manhole.terminate();
      assertThat(manhole.waitFor()).isZero();
    }
  }

  @Test
  void withNeitherTelnetNorSshItSaysSo() throws Exception {
    TorsionProcess manhole = TorsionProcess.start(dir, "manhole");
    assertThat(manhole.waitFor()).isEqualTo(2);
    assertThat(manhole.stderr().get(0)).contains("--telnet");
  }

  /** paramiko as the terminal: keystrokes, echo, backspace, Ctrl-D. */
  @Test
  void anSshShellWithAPtyEchoesAndEditsTheLine() throws Exception {
    String python = dev.torsion.trial.Peers.requirePython("paramiko");
    Path key = dir.resolve("manhole_key");
    try (TorsionProcess manhole = TorsionProcess.start(dir, "manhole", "--ssh",
        "tcp:0:interface=127.0.0.1", "--host-key", key.toString(), "--user", "admin=s3cret")) {
      int port = Integer.parseInt(manhole.awaitLine(ConchPluginProcessTest.LISTENING).group(1));
      Path py = java.nio.file.Files.writeString(dir.resolve("shell.py"), String.join("\n",
          "import paramiko, time",
          "t = paramiko.Transport(('127.0.0.1', " + port + ")); t.connect(username='admin', password='s3cret')",
          "ch = t.open_session(); ch.settimeout(30); ch.get_pty(); ch.invoke_shell()",
          "def until(m):",
          "    out = b''",
          "    while m not in out:",
          "        out += ch.recv(4096)",
          "    return out.decode()",
          "until(b'java> ')",
          "ch.send('1 + 9\\x7f2\\r')",
          "print(repr(until(b'java> ')))",
          "ch.send('\\x04')",
          "print(ch.recv_exit_status())", ""));
      TorsionProcess client = TorsionProcess.exec(dir, java.util.List.of(python, py.toString()));
      assertThat(client.waitFor()).as(client.output()).isZero();
      assertThat(client.stdout().get(0)).contains("1 + 9\\x08 \\x082\\r\\n3\\r\\n");
      assertThat(client.stdout().get(1)).isEqualTo("0");
      manhole.terminate();
      assertThat(manhole.waitFor()).isZero();
    }
  }
}
