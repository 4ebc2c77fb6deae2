package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.ssl.SelfSignedCertificate;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.web.client.ContentDecoderAgent;
import dev.torsion.web.client.HttpAgent;
import dev.torsion.web.client.RedirectAgent;
import dev.torsion.web.client.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Torsion's HttpAgent against nginx's HTTP/2 over TLS: ALPN gives h2, twenty requests at once go
 * over one connection (nginx's access log says which connection served each, and over what),
 * and a body of several windows, gzip decoding, a redirect and nginx's trailers (a HEADERS
 * frame ending the stream) work as over HTTP/1.1.
 */
class AgentNginxHttp2InteropTest {
  @TempDir Path tmp;
  private Nginx nginx;
  private AgentHarness reactor;
  private HttpAgent agent;
  private byte[] big;

  @BeforeEach
  void start() throws Exception {
    SelfSignedCertificate ca = SelfSignedCertificate.builder().commonName("Torsion test CA")
        .certificateAuthority(true).build();
    SelfSignedCertificate leaf = SelfSignedCertificate.builder().names("localhost").signedBy(ca).build();
    Path dir = tmp.resolve("nginx");
    Files.createDirectories(dir);
    Path cert = Files.writeString(dir.resolve("server.crt"), leaf.certificatePem());
    Path key = Files.writeString(dir.resolve("server.key"), leaf.privateKeyPem());
    nginx = new Nginx(dir, "ssl http2",
        "  log_format h2 '$connection $server_protocol $status $request_uri';",
        String.join("\n",
            "    ssl_certificate " + cert + "; ssl_certificate_key " + key + ";",
            "    access_log " + dir.resolve("logs/access.log") + " h2;",
            "    gzip on; gzip_types text/plain; gzip_min_length 10;",
            "    location /moved { return 301 /hello.txt; }",
            AgentNginxInteropTest.TRAILERS_LOCATION));
    Files.writeString(nginx.root.resolve("hello.txt"), "hello from nginx\n");
    big = new byte[2 * 1024 * 1024 + 3];
    new Random(7).nextBytes(big);
    Files.write(nginx.root.resolve("big.bin"), big);
    Files.writeString(nginx.root.resolve("text.txt"), "0123456789".repeat(50_000));
    Files.writeString(Files.createDirectories(nginx.root.resolve("t")).resolve("hello.txt"),
        "hello from nginx\n");
    reactor = new AgentHarness(new dev.torsion.web.server.Resource());
    agent = new HttpAgent(reactor.reactor());
    agent.getPool().setTlsOptions(host -> TLSOptions.forClient("localhost")
        .trustRoots(ca.certificate()).build());
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
    return "https://127.0.0.1:" + nginx.port + path;
  }

  private List<String> accessLog(int lines) throws Exception {
    return nginx.awaitLines(tmp.resolve("nginx/logs/access.log"), lines);
  }

  @Test
  void twentyRequestsAtOnceGoOverOneHttp2Connection() throws Exception {
    List<String> bodies = reactor.call(() -> {
      List<Deferred<String>> all = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        all.add(agent.request("GET", url("/hello.txt?n=" + i), null, null)
            .addDeferredCallback(r -> {
              assertThat(r.version()).isEqualTo("HTTP/2");
              return r.readBody();
            })
            .addCallback(b -> new String(b, StandardCharsets.UTF_8)));
      }
      return Deferred.gatherResults(all);
    });

    assertThat(bodies).hasSize(20).containsOnly("hello from nginx\n");
    List<String> log = accessLog(20);
    assertThat(log).hasSize(20).allMatch(line -> line.contains(" HTTP/2.0 200 /hello.txt?n="));
    assertThat(new HashSet<>(log.stream().map(l -> l.split(" ")[0]).toList()))
        .as("nginx connection numbers").hasSize(1);
  }

  @Test
  void aBodyOfManyWindowsGzipAndARedirect() throws Exception {
    byte[] got = reactor.call(() -> agent.request("GET", url("/big.bin"), null, null)
        .addDeferredCallback(Response::readBody));
    Response[] gz = new Response[1];
    String text = reactor.call(() -> new ContentDecoderAgent(agent).request("GET", url("/text.txt"),
            null, null)
        .addDeferredCallback(r -> {
          gz[0] = r;
          return r.readBody();
        })
        .addCallback(b -> new String(b, StandardCharsets.UTF_8)));
    String moved = reactor.call(() -> new RedirectAgent(agent).request("GET", url("/moved"), null, null)
        .addDeferredCallback(Response::readBody)
        .addCallback(b -> new String(b, StandardCharsets.UTF_8)));

    assertThat(got).isEqualTo(big);
    assertThat(text).isEqualTo("0123456789".repeat(50_000));
    assertThat(gz[0].version()).isEqualTo("HTTP/2");
    assertThat(moved).isEqualTo("hello from nginx\n");
    assertThat(accessLog(4)).hasSize(4).allMatch(line -> line.contains(" HTTP/2.0 "));
  }

  @Test
  void readsNginxTrailersFromTheHeadersFrameEndingTheStream() throws Exception {
    Response t = reactor.call(() -> agent.request("GET", url("/t/hello.txt"), null, null));
    byte[] body = reactor.call(t::readBody);
    Response none = reactor.call(() -> agent.request("GET", url("/hello.txt"), null, null));
    reactor.call(none::readBody);

    assertThat(t.version()).isEqualTo("HTTP/2");
    assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("hello from nginx\n");
    AgentNginxInteropTest.assertNginxTrailers(t);
    assertThat(none.trailers().size()).as("a file outside /t/ has none").isZero();
  }

  @Test
  void aBodyHeldPausedDoesNotStopTheOtherStreams() throws Exception {
    // The first response's body is never asked for: its stream window fills and stops there,
    // while the connection's other streams go on.
    Response held = reactor.call(() -> agent.request("GET", url("/big.bin"), null, null));
    String hello = reactor.call(() -> agent.request("GET", url("/hello.txt"), null, null)
        .addDeferredCallback(Response::readBody)
        .addCallback(b -> new String(b, StandardCharsets.UTF_8)));
    byte[] later = reactor.call(held::readBody);

    assertThat(hello).isEqualTo("hello from nginx\n");
    assertThat(later).isEqualTo(big);
  }
}
