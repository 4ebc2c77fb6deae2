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
  void telnetOffLoopbackIsRefused() throws Exception {
    TorsionProcess manhole = TorsionProcess.start(dir, "manhole", "--telnet", "tcp:0");
    assertThat(manhole.waitFor()).isEqualTo(2);
    assertThat(manhole.stderr()).hasSize(1);
    assertThat(manhole.stderr().get(0)).contains("not on loopback");
  }
}
