package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.endpoints.Endpoints;
import dev.torsion.internet.ssl.SelfSignedCertificate;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.web.Headers;
import dev.torsion.web.client.BodyProducer;
import dev.torsion.web.client.ContentDecoderAgent;
import dev.torsion.web.client.HttpAgent;
import dev.torsion.web.client.RedirectAgent;
import dev.torsion.web.client.Response;
import dev.torsion.web.server.EncodingResourceWrapper;
import dev.torsion.web.server.Redirect;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HttpAgent against Torsion's own HTTP/2 server over TLS: ALPN picks h2, requests to the origin
 * share one connection, and bodies larger than the default windows go both ways.
 */
class Http2AgentTest {
  static final byte[] BIG = new byte[3 * 1024 * 1024 + 17];

  static {
    for (int i = 0; i < BIG.length; i++) {
      BIG[i] = (byte) (i * 31 + (i >> 10));
    }
  }

  /** Which connections (by client port) the server saw requests on. */
  static final Set<String> peers = ConcurrentHashMap.newKeySet();

  static final class Echo extends TestSite.Leaf {
    @Override protected byte[] renderGet(Request request) {
      peers.add(request.getClientAddress().toString());
      return ("hello over " + request.getClientProto() + " " + request.getPath() + "\n")
          .getBytes(StandardCharsets.UTF_8);
    }

    @Override protected byte[] renderPost(Request request) {
      byte[] body = request.getContentBytes();
      return (body.length + " " + Arrays.hashCode(body)).getBytes(StandardCharsets.UTF_8);
    }
  }

  static final class Big extends TestSite.Leaf {
    @Override protected byte[] renderGet(Request request) {
      return BIG;
    }
  }

  @TempDir Path tmp;
  private RealServer server;
  private HttpAgent agent;

  @BeforeEach
  void start() throws Exception {
    SelfSignedCertificate ca = SelfSignedCertificate.builder().commonName("Torsion test CA")
        .certificateAuthority(true).build();
    SelfSignedCertificate leaf = SelfSignedCertificate.builder().names("localhost").signedBy(ca).build();
    Path pem = tmp.resolve("server.pem");
    leaf.writePem(pem);
    Resource root = new Resource();
    root.putChild("echo", new Echo());
    root.putChild("big", new Big());
    root.putChild("moved", new Redirect("/echo"));
    root.putChild("gz", new EncodingResourceWrapper(new Big()));
    server = new RealServer(root, site -> { },
        "ssl:0:interface=127.0.0.1:privateKey=" + Endpoints.quoteStringArgument(pem.toString()));
    agent = new HttpAgent(server.reactor);
    // The URLs name 127.0.0.1, so that the name cannot resolve to ::1; the certificate's name
    // is localhost.
    agent.getPool().setTlsOptions(host -> TLSOptions.forClient("localhost")
        .trustRoots(ca.certificate()).build());
    peers.clear();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.call(() -> agent.getPool().closeCachedConnections());
      assertThat(server.call(() -> Deferred.succeed(agent.getPool().openConnections())))
          .as("every connection closed").isZero();
      server.close();
    }
  }

  private String url(String path) {
    return "https://127.0.0.1:" + server.port() + path;
  }

  @Test
  void tenRequestsAtOnceShareOneHttp2Connection() throws Exception {
    List<String> bodies = server.call(() -> {
      List<Deferred<String>> all = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        all.add(agent.request("GET", url("/echo?n=" + i), null, null)
            .addDeferredCallback(r -> {
              assertThat(r.version()).isEqualTo("HTTP/2");
              assertThat(r.code()).isEqualTo(200);
              return r.readBody();
            })
            .addCallback(b -> new String(b, StandardCharsets.UTF_8)));
      }
      return Deferred.gatherResults(all);
    });

    assertThat(bodies).hasSize(10).allMatch(b -> b.equals("hello over HTTP/2 /echo\n"));
    assertThat(peers).as("client connections the server saw").hasSize(1);
    assertThat(server.call(() -> Deferred.succeed(agent.getPool().openConnections()))).isEqualTo(1);
  }

  @Test
  void largeBodiesBothWaysPassTheFlowControlWindows() throws Exception {
    byte[] got = server.call(() -> agent.request("GET", url("/big"), null, null)
        .addDeferredCallback(Response::readBody));
    byte[] upload = Arrays.copyOf(BIG, 700_001);
    String echoed = server.call(() -> agent.request("POST", url("/echo"), null,
            BodyProducer.of(new java.io.ByteArrayInputStream(upload), upload.length))
        .addDeferredCallback(Response::readBody)
        .addCallback(b -> new String(b, StandardCharsets.UTF_8)));

    assertThat(got).isEqualTo(BIG);
    assertThat(echoed).isEqualTo(upload.length + " " + Arrays.hashCode(upload));
  }

  @Test
  void redirectsAndGzipDecodingWorkOverHttp2() throws Exception {
    String moved = server.call(() -> new RedirectAgent(agent).request("GET", url("/moved"), null, null)
        .addDeferredCallback(Response::readBody)
        .addCallback(b -> new String(b, StandardCharsets.UTF_8)));
    Response[] gz = new Response[1];
    byte[] decoded = server.call(() -> new ContentDecoderAgent(agent).request("GET", url("/gz"),
            null, null)
        .addDeferredCallback(r -> {
          gz[0] = r;
          return r.readBody();
        }));

    assertThat(moved).isEqualTo("hello over HTTP/2 /echo\n");
    assertThat(decoded).isEqualTo(BIG);
    assertThat(gz[0].version()).isEqualTo("HTTP/2");
  }

  @Test
  void headGetsTheHeadersAndNoBody() throws Exception {
    Response r = server.call(() -> agent.request("HEAD", url("/big"), null, null));
    byte[] body = server.call(r::readBody);

    assertThat(r.headers().getFirst("content-length")).isEqualTo(Integer.toString(BIG.length));
    assertThat(body).isEmpty();
  }

  @Test
  void withHttp2OffThePoolSpeaksHttp11() throws Exception {
    agent.getPool().setHttp2(false);
    Response r = server.call(() -> agent.request("GET", url("/echo"), new Headers(), null));
    String body = new String(server.call(r::readBody), StandardCharsets.UTF_8);

    assertThat(r.version()).isEqualTo("HTTP/1.1");
    assertThat(body).isEqualTo("hello over HTTP/1.1 /echo\n");
  }
}
