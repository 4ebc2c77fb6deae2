package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.Peers;
import dev.torsion.web.Headers;
import dev.torsion.web.client.ContentDecoderAgent;
import dev.torsion.web.client.HttpAgent;
import dev.torsion.web.client.Response;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Torsion's Agent against nginx, started by the test in the foreground on a free port. */
class AgentNginxInteropTest {
  @TempDir Path tmp;
  private Process nginx;
  private int port;
  private AgentHarness reactor;
  private HttpAgent agent;

  @BeforeEach
  void start() throws Exception {
    String bin = Peers.require("nginx");
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    // nginx's workers may run as another user (nobody, when started as root): let them read.
    Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Path www = Files.createDirectories(tmp.resolve("www"));
    Files.writeString(www.resolve("hello.txt"), "hello from nginx\n");
    Files.writeString(www.resolve("big.txt"), "0123456789".repeat(10_000));
    Files.createDirectories(tmp.resolve("logs"));
    Files.writeString(tmp.resolve("nginx.conf"), String.join("\n",
        "daemon off;", "worker_processes 1;", "pid " + tmp.resolve("nginx.pid") + ";",
        "error_log " + tmp.resolve("logs/error.log") + ";",
        "events { worker_connections 64; }",
        "http {",
        "  access_log off;",
        "  client_body_temp_path " + tmp + "/body; proxy_temp_path " + tmp + "/proxy;",
        "  fastcgi_temp_path " + tmp + "/fcgi; uwsgi_temp_path " + tmp + "/uwsgi;",
        "  scgi_temp_path " + tmp + "/scgi;",
        "  types { text/plain txt; }",
        "  gzip on; gzip_types text/plain; gzip_min_length 10;",
        "  server {",
        "    listen 127.0.0.1:" + port + ";",
        "    root " + www + ";",
        "    location /moved { return 301 /hello.txt; }",
        "  }",
        "}", ""));
    nginx = new ProcessBuilder(bin, "-p", tmp.toString(), "-c", tmp.resolve("nginx.conf").toString())
        .redirectErrorStream(true).redirectOutput(tmp.resolve("logs/stdout.log").toFile()).start();
    waitForPort();
    reactor = new AgentHarness(new dev.torsion.web.server.Resource());
    agent = new HttpAgent(reactor.reactor());
  }

  private void waitForPort() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        if (!nginx.isAlive() || System.nanoTime() > deadline) {
          throw new AssertionError("nginx did not start: "
              + Files.readString(tmp.resolve("logs/stdout.log")), e);
        }
        // nginx binds within milliseconds; poll the port (a connect attempt, not a sleep)
        nginx.waitFor(20, TimeUnit.MILLISECONDS);
      }
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (reactor != null) {
      reactor.call(() -> agent.getPool().closeCachedConnections());
      reactor.close();
    }
    if (nginx != null) {
      nginx.destroy();
      if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
        nginx.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  private String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  @Test
  void fetchesFilesOverOneKeptAliveConnection() throws Exception {
    Response r = reactor.call(() -> agent.request("GET", url("/hello.txt"), null, null));
    byte[] body = reactor.call(r::readBody);
    byte[] big = reactor.call(() -> agent.request("GET", url("/big.txt"), null, null)
        .addDeferredCallback(Response::readBody));

    assertThat(r.code()).isEqualTo(200);
    assertThat(r.headers().getFirst("Server")).startsWith("nginx");
    assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("hello from nginx\n");
    assertThat(big).hasSize(100_000);
    assertThat(reactor.call(() -> dev.torsion.internet.Deferred.succeed(agent.getPool().idleConnections())))
        .isEqualTo(1);
  }

  @Test
  void readsARangeAndA404() throws Exception {
    Response r = reactor.call(() -> agent.request("GET", url("/big.txt"),
        new Headers().add("Range", "bytes=5-9"), null));
    byte[] part = reactor.call(r::readBody);
    Response missing = reactor.call(() -> agent.request("GET", url("/nope"), null, null));
    reactor.call(missing::readBody);

    assertThat(r.code()).isEqualTo(206);
    assertThat(new String(part, StandardCharsets.UTF_8)).isEqualTo("56789");
    assertThat(missing.code()).isEqualTo(404);
  }

  @Test
  void decodesNginxGzipAndFollowsItsRedirect() throws Exception {
    ContentDecoderAgent gz = new ContentDecoderAgent(agent);
    byte[] big = reactor.call(() -> gz.request("GET", url("/big.txt"), null, null)
        .addDeferredCallback(Response::readBody));
    byte[] moved = reactor.call(() -> new dev.torsion.web.client.RedirectAgent(agent)
        .request("GET", url("/moved"), null, null).addDeferredCallback(Response::readBody));

    assertThat(new String(big, StandardCharsets.UTF_8)).isEqualTo("0123456789".repeat(10_000));
    assertThat(new String(moved, StandardCharsets.UTF_8)).isEqualTo("hello from nginx\n");
  }

  @Test
  void headAndChunkedGzipStayInStep() throws Exception {
    Response head = reactor.call(() -> agent.request("HEAD", url("/big.txt"), null, null));
    byte[] none = reactor.call(head::readBody);
    Response gz = reactor.call(() -> agent.request("GET", url("/big.txt"),
        new Headers().add("Accept-Encoding", "gzip"), null));
    byte[] raw = reactor.call(gz::readBody);

    assertThat(head.headers().getFirst("Content-Length")).isEqualTo("100000");
    assertThat(none).isEmpty();
    assertThat(gz.headers().getFirst("Content-Encoding")).isEqualTo("gzip");
    assertThat(gz.headers().getFirst("Transfer-Encoding")).isEqualTo("chunked");
    assertThat(raw.length).isLessThan(100_000);
  }
}
