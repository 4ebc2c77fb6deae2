package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.web.Headers;
import dev.torsion.web.client.ContentDecoderAgent;
import dev.torsion.web.client.HttpAgent;
import dev.torsion.web.client.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Torsion's Agent against nginx, started by the test in the foreground on a free port ({@link
 * Nginx}). Under {@code /t/} nginx's {@code add_trailer} sends trailers (and switches to chunked
 * for them): two an application may read, and Content-Length and Set-Cookie, which may not be
 * trailers and which the agent drops.
 */
class AgentNginxInteropTest {
  /** nginx's trailers for files under /t/, in its server block. */
  static final String TRAILERS_LOCATION = String.join("\n",
      "    location /t/ {",
      "      add_trailer X-Checksum \"abc123\"; add_trailer Grpc-Status 0;",
      "      add_trailer Content-Length 99; add_trailer Set-Cookie \"stolen=1\";",
      "    }");
  @TempDir Path tmp;
  private Nginx nginx;
  private AgentHarness reactor;
  private HttpAgent agent;

  @BeforeEach
  void start() throws Exception {
    nginx = new Nginx(tmp.resolve("nginx"), String.join("\n",
        "    gzip on; gzip_types text/plain; gzip_min_length 10;",
        "    location /moved { return 301 /hello.txt; }", TRAILERS_LOCATION));
    Files.writeString(nginx.root.resolve("hello.txt"), "hello from nginx\n");
    Files.writeString(nginx.root.resolve("big.txt"), "0123456789".repeat(10_000));
    Files.writeString(Files.createDirectories(nginx.root.resolve("t")).resolve("big.txt"),
        "0123456789".repeat(10_000));
    reactor = new AgentHarness(new dev.torsion.web.server.Resource());
    agent = new HttpAgent(reactor.reactor());
  }

  @AfterEach
  void stop() throws Exception {
    if (reactor != null) {
      reactor.call(() -> agent.getPool().closeCachedConnections());
      reactor.close();
    }
    if (nginx != null) {
      nginx.close();
    }
  }

  private String url(String path) {
    return "http://127.0.0.1:" + nginx.port + path;
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

  /** The trailers nginx sends under /t/, read once the body has been. */
  static void assertNginxTrailers(Response r) {
    Headers t = r.trailers();
    assertThat(t.getFirst("X-Checksum")).isEqualTo("abc123");
    assertThat(t.getFirst("Grpc-Status")).isEqualTo("0");
    assertThat(t.size()).as("Content-Length and Set-Cookie dropped: " + t).isEqualTo(2);
    assertThat(r.headers().contains("X-Checksum")).as("not merged into the head").isFalse();
    assertThat(r.headers().contains("Set-Cookie")).isFalse();
  }

  @Test
  void readsNginxChunkedTrailersAfterTheBodyAlsoThroughGzipDecoding() throws Exception {
    Response plain = reactor.call(() -> agent.request("GET", url("/t/big.txt"), null, null));
    byte[] body = reactor.call(plain::readBody);
    Response gz = reactor.call(() -> new ContentDecoderAgent(agent)
        .request("GET", url("/t/big.txt"), null, null));
    byte[] decoded = reactor.call(gz::readBody);
    Response none = reactor.call(() -> agent.request("GET", url("/big.txt"), null, null));
    reactor.call(none::readBody);

    assertThat(plain.headers().getFirst("Transfer-Encoding")).isEqualTo("chunked");
    assertThat(body).hasSize(100_000);
    assertNginxTrailers(plain);
    assertThat(decoded).hasSize(100_000);
    assertNginxTrailers(gz);
    assertThat(none.trailers().size()).as("a file outside /t/ has none").isZero();
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
