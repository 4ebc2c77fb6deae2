package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.endpoints.Endpoints;
import dev.torsion.internet.ssl.SelfSignedCertificate;
import dev.torsion.web.http2.Http2Limits;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curl --http2 over TLS: ALPN picks h2 on an ssl: listener of a Site with HTTP/2 on. */
class Http2TlsCurlInteropTest {
  @TempDir Path tmp;
  private RealServer server;
  private Path caPem;

  @BeforeEach
  void start() throws Exception {
    SelfSignedCertificate ca = SelfSignedCertificate.builder().commonName("Torsion test CA")
        .certificateAuthority(true).build();
    SelfSignedCertificate leaf = SelfSignedCertificate.builder().names("localhost").signedBy(ca).build();
    Path pem = tmp.resolve("server.pem");
    leaf.writePem(pem);
    caPem = Files.writeString(tmp.resolve("ca.crt"), ca.certificatePem());
    var root = new dev.torsion.web.server.Resource();
    root.putChild("hello", new Http2CurlInteropTest.Hello());
    server = new RealServer(root, site -> site.setHttp2Limits(Http2Limits.defaults()),
        "ssl:0:interface=127.0.0.1:privateKey=" + Endpoints.quoteStringArgument(pem.toString()));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void curlNegotiatesH2ByAlpn() throws Exception {
    Processes.Result r = Processes.curlOk(10, "-i", "--http2", "--cacert", caPem.toString(),
        "--resolve", "localhost:" + server.port() + ":127.0.0.1", server.httpsUrl("/hello"));

    assertThat(r.stdout()).startsWith("HTTP/2 200").endsWith("hello over HTTP/2\n");
  }
}
