package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.endpoints.Endpoints;
import dev.torsion.internet.ssl.SelfSignedCertificate;
import dev.torsion.trial.Peers;
import dev.torsion.web.server.Resource;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nghttp (nghttp2-client), the reference HTTP/2 client of the nghttp2 project, against a Site
 * with its defaults: h2 over TLS by ALPN, and h2c with prior knowledge on a cleartext port, three
 * requests at once on one connection each time.
 */
class Http2NghttpInteropTest {
  @TempDir Path tmp;

  private static Resource root() {
    Resource root = new Resource();
    root.putChild("hello", new Http2CurlInteropTest.Hello());
    return root;
  }

  private static Processes.Result nghttp(String... urls) throws Exception {
    String bin = Peers.require("nghttp");
    List<String> command = new java.util.ArrayList<>(List.of(bin, "--no-dep", "-v", "--timeout=10"));
    command.addAll(List.of(urls));
    Processes.Result r = Processes.run(command);
    assertThat(r.exit()).as(r.stdout() + r.stderr()).isZero();
    return r;
  }

  @Test
  void threeStreamsOverTlsByAlpn() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.generate("localhost");
    Path pem = tmp.resolve("server.pem");
    cert.writePem(pem);
    try (RealServer server = new RealServer(root(), site -> { },
        "ssl:0:interface=127.0.0.1:privateKey=" + Endpoints.quoteStringArgument(pem.toString()))) {
      String url = "https://127.0.0.1:" + server.port() + "/hello";
      Processes.Result r = nghttp(url, url + "?2", url + "?3");

      assertThat(r.stdout()).contains("The negotiated protocol: h2")
          .contains("stream_id=1>", "stream_id=3>", "stream_id=5>");
      assertThat(r.stdout().split("hello over HTTP/2\n", -1)).hasSize(4);
    }
  }

  @Test
  void threeStreamsOverH2cWithPriorKnowledge() throws Exception {
    try (RealServer server = new RealServer(root(), site -> { })) {
      String url = server.url("/hello");
      Processes.Result r = nghttp(url, url + "?2", url + "?3");

      assertThat(r.stdout()).contains("recv SETTINGS frame").contains("stream_id=5>");
      assertThat(r.stdout().split("hello over HTTP/2\n", -1)).hasSize(4);
    }
  }
}
