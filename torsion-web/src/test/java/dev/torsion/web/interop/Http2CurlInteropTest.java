package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.web.http2.Http2Limits;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** curl --http2-prior-knowledge against a Site with HTTP/2 on (h2c, RFC 9113 3.3). */
class Http2CurlInteropTest {
  private RealServer server;

  static final class Hello extends Resource {
    @Override public boolean isLeaf() {
      return true;
    }

    @Override protected byte[] renderGet(Request request) {
      return ("hello over " + request.getClientProto() + "\n").getBytes(StandardCharsets.UTF_8);
    }
  }

  @BeforeEach
  void start() {
    Resource root = new Resource();
    root.putChild("hello", new Hello());
    server = new RealServer(root, site -> site.setHttp2Limits(Http2Limits.defaults()));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void curlWithPriorKnowledgeGetsAnHttp2Response() throws Exception {
    Processes.Result r = Processes.curlOk(10, "-i", "--http2-prior-knowledge", server.url("/hello"));

    assertThat(r.stdout()).startsWith("HTTP/2 200").endsWith("hello over HTTP/2\n");
  }

  @Test
  void http11ClientsStillGetHttp11() throws Exception {
    Processes.Result r = Processes.curlOk(10, "-i", "--http1.1", server.url("/hello"));

    assertThat(r.stdout()).startsWith("HTTP/1.1 200").endsWith("hello over HTTP/1.1\n");
  }
}
