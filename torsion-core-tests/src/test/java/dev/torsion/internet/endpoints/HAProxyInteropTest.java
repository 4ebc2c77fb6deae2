package dev.torsion.internet.endpoints;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Factory;
import dev.torsion.internet.Protocol;
import dev.torsion.trial.Peers;
import dev.torsion.trial.ReactorThread;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real HAProxy, started by the test unprivileged on a free port with its own config, sends
 * PROXY v1 and v2 headers to an {@code haproxy:tcp:} listener; the protocol behind it sees the
 * client's own address (127.0.0.2 and its port), not HAProxy's.
 */
class HAProxyInteropTest {
  /** Answers every connection with the peer it sees, then closes. */
  static final class SayPeer extends Protocol {
    @Override
    public void connectionMade() {
      transport.write((transport.getPeer() + "\n").getBytes(US_ASCII));
      transport.loseConnection();
    }
  }

  @TempDir Path dir;
  private Process haproxy;

  @AfterEach
  void stopHaproxy() throws Exception {
    if (haproxy != null) {
      haproxy.destroy();
      if (!haproxy.waitFor(10, TimeUnit.SECONDS)) {
        haproxy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Starts HAProxy in TCP mode in front of {@code backend}; the port it listens on. */
  private int startHaproxy(int backend, String sendProxy) throws Exception {
    String binary = Peers.require("haproxy");
    int port = freePort();
    Path config = dir.resolve("haproxy.cfg");
    Files.writeString(config, String.join("\n",
        "global",
        "  maxconn 100",
        "  pidfile " + dir.resolve("haproxy.pid"),
        "defaults",
        "  mode tcp",
        "  timeout connect 5s",
        "  timeout client 30s",
        "  timeout server 30s",
        "frontend in",
        "  bind 127.0.0.1:" + port,
        "  default_backend torsion",
        "backend torsion",
        "  server t1 127.0.0.1:" + backend + " " + sendProxy,
        ""));
    haproxy = new ProcessBuilder(binary, "-db", "-f", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("haproxy.log").toFile())
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      assertThat(haproxy.isAlive()).as("haproxy: %s", Files.readString(dir.resolve("haproxy.log"))).isTrue();
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return port;
      } catch (IOException notYet) {
        haproxy.waitFor(50, TimeUnit.MILLISECONDS); // waits on the process, not a bare sleep
      }
    }
    throw new AssertionError("haproxy did not listen: " + Files.readString(dir.resolve("haproxy.log")));
  }

  /** Connects from 127.0.0.2 and returns what the server says, with our local port. */
  private static String[] askFrom127002(int port) throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress("127.0.0.2", 0));
      s.setSoTimeout(20_000);
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      InputStream in = s.getInputStream();
      return new String[] {new String(in.readAllBytes(), US_ASCII).trim(),
          String.valueOf(s.getLocalPort())};
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"send-proxy", "send-proxy-v2"})
  void theProtocolSeesTheClientBehindHaproxy(String sendProxy) throws Exception {
    try (ReactorThread real = new ReactorThread()) {
      int backend = real.listen("haproxy:tcp:0:interface=127.0.0.1", Factory.forProtocol(SayPeer::new));
      int front = startHaproxy(backend, sendProxy);

      String[] answer = askFrom127002(front);

      assertThat(answer[0]).contains("127.0.0.2").contains(String.valueOf(answer[1]));
    }
  }

  /** EOF or a reset, with not one byte first: the server hung up on us. */
  private static boolean closedWithoutAnswer(Socket s) throws IOException {
    try {
      return s.getInputStream().read() == -1;
    } catch (java.net.SocketException reset) {
      return true;
    }
  }

  @Test
  void aConnectionWithoutAHeaderIsClosedAndBuildsNoProtocol() throws Exception {
    try (ReactorThread real = new ReactorThread()) {
      int[] built = new int[1];
      int backend = real.listen("haproxy:tcp:0:interface=127.0.0.1",
          Factory.forProtocol(() -> {
            built[0]++;
            return new SayPeer();
          }));
      for (String garbage : List.of("GET / HTTP/1.1\r\nHost: x\r\n\r\n", "PROXY TCP4 nonsense\r\n")) {
        try (Socket s = new Socket("127.0.0.1", backend)) {
          s.setSoTimeout(20_000);
          s.getOutputStream().write(garbage.getBytes(US_ASCII));
          assertThat(closedWithoutAnswer(s)).as(garbage).isTrue();
        }
      }
      assertThat(real.onReactor(() -> built[0])).isZero();
    }
  }
}
