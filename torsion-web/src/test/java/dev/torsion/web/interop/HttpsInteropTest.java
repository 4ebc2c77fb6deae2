package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.internet.endpoints.Endpoints;
import dev.torsion.internet.ssl.SelfSignedCertificate;
import dev.torsion.internet.ssl.TLSHandshakeError;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.web.client.HttpAgent;
import dev.torsion.web.client.Response;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server over core's TLS ({@code ssl:} endpoint, certificate from a test CA), reached by
 * curl and by Torsion's Agent with verification on.
 */
class HttpsInteropTest {
  @TempDir Path tmp;
  private SelfSignedCertificate ca;
  private Path caPem;
  private RealServer server;
  private HttpAgent agent;

  /** Says whether the request came over TLS, and the session cookie it gets. */
  static final class Secure extends Resource {
    @Override public boolean isLeaf() {
      return true;
    }

    @Override protected byte[] renderGet(Request request) {
      request.getSession();
      return ("secure=" + request.isSecure() + "\n").getBytes(StandardCharsets.UTF_8);
    }
  }

  @BeforeEach
  void start() throws Exception {
    ca = SelfSignedCertificate.builder().commonName("Torsion test CA").certificateAuthority(true).build();
    SelfSignedCertificate leaf = SelfSignedCertificate.builder().names("localhost").signedBy(ca).build();
    Path serverPem = tmp.resolve("server.pem");
    leaf.writePem(serverPem);
    caPem = Files.writeString(tmp.resolve("ca.crt"), ca.certificatePem());
    Resource root = new Resource();
    root.putChild("secure", new Secure());
    server = new RealServer(root, site -> { }, "ssl:0:interface=127.0.0.1:privateKey="
        + Endpoints.quoteStringArgument(serverPem.toString()));
    agent = new HttpAgent(server.reactor);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.call(() -> agent.getPool().closeCachedConnections());
      server.close();
    }
  }

  /** curl, with "localhost" on our port resolving to 127.0.0.1 (the certificate's name). */
  private Processes.Result curl(String... args) throws Exception {
    List<String> all =
        new ArrayList<>(List.of("--resolve", "localhost:" + server.port() + ":127.0.0.1"));
    all.addAll(List.of(args));
    return Processes.curl(20, all.toArray(String[]::new));
  }

  @Test
  void curlTrustingTheTestCaFetchesAPageMarkedSecure() throws Exception {
    Processes.Result r =
        curl("-i", "--http1.1", "--cacert", caPem.toString(), server.httpsUrl("/secure"));
    // curl's default: h2 by ALPN, which every Site offers
    Processes.Result h2 = curl("-i", "--cacert", caPem.toString(), server.httpsUrl("/secure"));

    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(r.stdout()).startsWith("HTTP/1.1 200 OK").endsWith("secure=true\n")
        .containsPattern("Set-Cookie: TORSION_SECURE_SESSION=[0-9a-f]+; Path=/; Secure; HttpOnly");
    assertThat(h2.stdout()).startsWith("HTTP/2 200").endsWith("secure=true\n")
        .containsPattern("set-cookie: TORSION_SECURE_SESSION=[0-9a-f]+; Path=/; Secure; HttpOnly");
  }

  @Test
  void curlWithoutTheCaRefusesTheServer() throws Exception {
    Processes.Result r = curl(server.httpsUrl("/secure"));

    assertThat(r.exit()).isNotZero(); // 60: peer certificate cannot be authenticated
    assertThat(r.stdout()).isEmpty();
  }

  @Test
  void theAgentTrustingTheTestCaFetchesThePage() throws Exception {
    agent.getPool().setTlsOptions(host -> TLSOptions.forClient(host).trustRoots(ca.certificate()).build());

    Response r = server.call(() -> agent.request("GET", server.httpsUrl("/secure"), null, null));
    byte[] body = server.call(r::readBody);

    assertThat(r.code()).isEqualTo(200);
    assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("secure=true\n");
  }

  @Test
  void theAgentRefusesACertificateFromAnUntrustedCa() {
    // Default options: the JDK's trust store, which does not hold our test CA.
    assertThatThrownBy(() -> server.call(() -> agent.request("GET", server.httpsUrl("/secure"), null, null)))
        .satisfies(e -> assertThat(rootCauses(e)).anyMatch(c -> c instanceof TLSHandshakeError));
  }

  @Test
  void theAgentRefusesATrustedCertificateForAnotherName() {
    agent.getPool().setTlsOptions(host -> TLSOptions.forClient(host).trustRoots(ca.certificate()).build());
    String byAddress = "https://127.0.0.1:" + server.port() + "/secure"; // the cert names localhost only

    assertThatThrownBy(() -> server.call(() -> agent.request("GET", byAddress, null, null)))
        .satisfies(e -> assertThat(rootCauses(e)).anyMatch(c -> c instanceof TLSHandshakeError));
  }

  private static List<Throwable> rootCauses(Throwable e) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }
}
