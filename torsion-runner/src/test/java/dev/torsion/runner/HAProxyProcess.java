package dev.torsion.runner;

import dev.torsion.trial.Peers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's HAProxy in front of {@code ./torsion} processes, for the load-balancer tests: TCP mode,
 * one frontend on a free loopback port, the PROXY protocol towards the servers, and health checks
 * every 100 ms whose verdicts ("Server torsion/t1 is UP") the test waits on. Run in the
 * foreground (-db) as this user, with its config in the test's directory.
 */
final class HAProxyProcess {
  private HAProxyProcess() {}

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * Starts HAProxy on {@code front} balancing the servers on {@code backends} (named t1, t2...),
   * each sent {@code sendProxy} ("send-proxy" or "send-proxy-v2"); returns once it listens.
   */
  static TorsionProcess start(Path dir, int front, String sendProxy, int... backends)
      throws IOException, InterruptedException {
    String binary = Peers.require("haproxy");
    List<String> config = new ArrayList<>(List.of(
        "global",
        "  maxconn 1000",
        "defaults",
        "  mode tcp",
        "  timeout connect 5s",
        "  timeout client 30s",
        "  timeout server 30s",
        // A connect refused by a server that is restarting is tried again, on another server.
        "  retries 3",
        "  option redispatch 1",
        "frontend www",
        "  bind 127.0.0.1:" + front,
        "  default_backend torsion",
        "backend torsion",
        "  balance roundrobin"));
    for (int i = 0; i < backends.length; i++) {
      config.add("  server t" + (i + 1) + " 127.0.0.1:" + backends[i] + " " + sendProxy
          + " check inter 100ms fall 1 rise 1");
    }
    config.add("");
    Path file = dir.resolve("haproxy-" + front + ".cfg");
    Files.writeString(file, String.join("\n", config));
    TorsionProcess haproxy = TorsionProcess.exec(dir, List.of(binary, "-db", "-V", "-f", file.toString()));
    haproxy.awaitLine("as the polling mechanism"); // printed once its listeners are bound
    return haproxy;
  }
}
