package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.endpoints.Endpoints;
import dev.torsion.internet.ssl.SelfSignedCertificate;
import dev.torsion.trial.Peers;
import dev.torsion.web.server.Resource;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every TLS listener of a Site negotiates ALPN (RFC 7301), checked with openssl s_client. */
class AlpnInteropTest {
  @TempDir Path tmp;
  private RealServer server;

  @BeforeEach
  void start() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.builder().names("localhost").build();
    Path pem = tmp.resolve("server.pem");
    cert.writePem(pem);
    server = new RealServer(new Resource(), site -> { }, "ssl:0:interface=127.0.0.1:privateKey="
        + Endpoints.quoteStringArgument(pem.toString()));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private String sClient(String alpn) throws Exception {
    Processes.Result r = Processes.run(List.of(Peers.require("openssl"), "s_client", "-connect",
        "127.0.0.1:" + server.port(), "-alpn", alpn));
    return r.stdout() + r.stderr();
  }

  @Test
  void aClientAskingForHttp11GetsIt() throws Exception {
    assertThat(sClient("http/1.1")).contains("ALPN protocol: http/1.1");
  }

  @Test
  void aClientOfferingOnlyUnknownProtocolsStillConnectsWithoutOne() throws Exception {
    String out = sClient("spdy/3");

    assertThat(out).contains("No ALPN negotiated");
  }
}
