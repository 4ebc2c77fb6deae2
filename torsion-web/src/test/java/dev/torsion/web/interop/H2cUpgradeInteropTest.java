package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.Peers;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/1.1 Upgrade to h2c (RFC 7540 3.2) with the two clients that still send it: {@code curl
 * --http2} on an http:// URL and {@code nghttp -u}. Each upgrades, gets its first response as
 * stream 1 and the rest as further streams of the same connection.
 */
class H2cUpgradeInteropTest {
  static final class Echo extends Resource {
    @Override public boolean isLeaf() {
      return true;
    }

    @Override protected byte[] renderGet(Request r) {
      return ("hello over " + r.getClientProto() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override protected byte[] renderPost(Request r) {
      return ("posted " + r.getContentLength() + " over " + r.getClientProto() + "\n")
          .getBytes(StandardCharsets.UTF_8);
    }
  }

  private static Resource root() {
    Resource root = new Resource();
    root.putChild("hello", new Echo());
    return root;
  }

  @Test
  void curlUpgradesAndSendsItsOtherRequestsOnTheSameConnection() throws Exception {
    try (RealServer server = new RealServer(root(), site -> { })) {
      String url = server.url("/hello");
      Processes.Result r = Processes.curlOk(10, "-v", "--http2", url, url + "?2", url + "?3");

      assertThat(r.stderr()).as(r.stderr())
          .contains("Upgrade: h2c", "HTTP2-Settings: ", "HTTP/1.1 101 Switching Protocols",
              "< HTTP/2 200");
      assertThat(r.stderr()).containsPattern("(?i)re-?using existing connection");
      assertThat(r.stderr().split("< HTTP/2 200", -1)).hasSize(4);
      assertThat(r.stderr()).doesNotContain("Connected to 127.0.0.1 (127.0.0.1) port "
          + server.port() + " (#1)"); // one connection, #0
      assertThat(r.stdout()).isEqualTo("hello over HTTP/2\n".repeat(3));
    }
  }

  @Test
  void curlUpgradesAPostWithItsBody() throws Exception {
    try (RealServer server = new RealServer(root(), site -> { })) {
      Processes.Result r = Processes.curlOk(10, "-v", "--http2", "--data-binary", "x".repeat(300),
          server.url("/hello"));

      assertThat(r.stderr()).as(r.stderr()).contains("HTTP/1.1 101 Switching Protocols",
          "< HTTP/2 200");
      assertThat(r.stdout()).isEqualTo("posted 300 over HTTP/2\n");
    }
  }

  @Test
  void nghttpUpgradesThenMultiplexes() throws Exception {
    String bin = Peers.require("nghttp");
    try (RealServer server = new RealServer(root(), site -> { })) {
      String url = server.url("/hello");
      List<String> command = new ArrayList<>(List.of(bin, "-u", "--no-dep", "-v", "--timeout=10",
          url, url + "?2", url + "?3"));
      Processes.Result r = Processes.run(command);

      assertThat(r.exit()).as(r.stdout() + r.stderr()).isZero();
      assertThat(r.stdout()).contains("HTTP Upgrade request", "HTTP Upgrade response",
          "HTTP Upgrade success", "stream_id=1>", "stream_id=5>");
      assertThat(r.stdout().split("hello over HTTP/2\n", -1)).hasSize(4);
    }
  }
}
