package dev.torsion.runner;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.Peers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * systemd's own socket activator (systemd-socket-activate, from Debian's systemd package) binds
 * the port and starts {@code torsion echo} or {@code torsion web --listen
 * systemd:domain=INET:index=0}, as a socket unit with {@code StandardInput=socket} would: the
 * service serves on a socket it never bound.
 */
class SystemdActivationInteropTest {
  @TempDir Path dir;
  private final List<TorsionProcess> processes = new ArrayList<>();

  @AfterEach
  void stop() {
    processes.forEach(TorsionProcess::close);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void echoServesOnTheSocketSystemdPassed() throws Exception {
    String activate = Peers.require("systemd-socket-activate");
    int port = freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // The JDK adopts an inherited socket only from standard input: 0<&3, as StandardInput=socket.
    String launch = "exec 0<&3; exec \"$0\" -cp \"$1\" dev.torsion.runner.Main --reactors 1 echo"
        + " --listen systemd:domain=INET:index=0 --udp none";
    TorsionProcess p = TorsionProcess.exec(dir, List.of(activate, "-l", "127.0.0.1:" + port,
        "/bin/sh", "-c", launch, java, System.getProperty("java.class.path")));
    processes.add(p);
    p.awaitLine("Listening on 127.0.0.1:" + port);

    // Like a socket unit, the activator starts the service at the first connection, which waits
    // in the socket's backlog until the service accepts it.
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(20_000);
      s.getOutputStream().write("activated\n".getBytes(US_ASCII));
      p.awaitLine("echo started");
      byte[] back = s.getInputStream().readNBytes(10);
      assertThat(new String(back, US_ASCII)).isEqualTo("activated\n");
    }
  }

  @Test
  void webServesCurlOnTheSocketSystemdPassed() throws Exception {
    String activate = Peers.require("systemd-socket-activate");
    String curl = Peers.require("curl");
    int port = freePort();
    java.nio.file.Path www = java.nio.file.Files.createDirectories(dir.resolve("www"));
    java.nio.file.Files.writeString(www.resolve("index.html"), "<p>socket-activated</p>\n");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String launch = "exec 0<&3; exec \"$0\" -cp \"$1\" dev.torsion.runner.Main web"
        + " --listen systemd:domain=INET:index=0 --path \"$2\"";
    TorsionProcess p = TorsionProcess.exec(dir, List.of(activate, "-l", "127.0.0.1:" + port,
        "/bin/sh", "-c", launch, java, System.getProperty("java.class.path"), www.toString()));
    processes.add(p);
    p.awaitLine("Listening on 127.0.0.1:" + port);

    // curl's connection starts the service and waits in the socket's queue until it accepts.
    TorsionProcess fetch = TorsionProcess.exec(dir, List.of(curl, "-sS", "--max-time", "30",
        "http://127.0.0.1:" + port + "/index.html"));
    processes.add(fetch);
    assertThat(fetch.waitFor()).as(fetch.output() + p.output()).isZero();
    assertThat(fetch.stdout()).containsExactly("<p>socket-activated</p>");
    assertThat(p.output()).contains("listening on systemd:domain=INET:index=0");
  }

  @Test
  void withoutSystemdTheEndpointSaysWhatIsMissingInOneLine() throws Exception {
    TorsionProcess p = TorsionProcess.start(dir, "echo", "--listen", "systemd:index=0", "--udp", "none");
    processes.add(p);
    assertThat(p.waitFor()).isNotZero();
    assertThat(p.output()).contains("systemd").contains("LISTEN_");
  }
}
