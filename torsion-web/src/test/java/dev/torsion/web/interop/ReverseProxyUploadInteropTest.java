package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Reactor;
import dev.torsion.trial.Peers;
import dev.torsion.web.proxy.Backend;
import dev.torsion.web.proxy.ReverseProxyResource;
import dev.torsion.web.proxy.UploadSink;
import dev.torsion.web.server.Resource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * curl uploading through Torsion's ReverseProxyResource, whose request bodies stream: larger
 * than the proxy site's 16 MiB body limit, with Content-Length and chunked, with curl's
 * {@code Expect: 100-continue}, to a backend that also takes the body as it arrives.
 */
class ReverseProxyUploadInteropTest {
  @TempDir Path tmp;
  private RealServer backend;
  private RealServer proxy;
  private byte[] upload;
  private Path file;

  @BeforeEach
  void start() throws Exception {
    Peers.require("curl"); // skip before starting servers
    Resource root = new Resource();
    backend = new RealServer(root, site -> root.putChild("sink", new UploadSink()));
    Resource proxyRoot = new Resource();
    proxy = new RealServer(proxyRoot, site -> proxyRoot.putChild("app",
        new ReverseProxyResource("127.0.0.1", backend.port(), "", (Reactor) site.getReactorTime())));
    upload = new byte[40 * 1024 * 1024];
    new Random(5).nextBytes(upload);
    file = Files.write(tmp.resolve("up.bin"), upload);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {proxy, backend}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void curlUploadsMoreThanTheSiteBodyLimitWithAContentLength() throws Exception {
    Processes.Result r = Processes.curlOk(60, "-T", file.toString(), proxy.url("/app/sink"));

    assertThat(r.stdout()).isEqualTo("received=" + upload.length + "\nsha256="
        + Backend.sha256(upload) + "\n");
  }

  @Test
  void curlUploadsAChunkedBodyThroughTheProxy() throws Exception {
    Processes.Result r = Processes.curlOk(60, "-T", file.toString(),
        "-H", "Transfer-Encoding: chunked", proxy.url("/app/sink"));

    assertThat(r.stdout()).isEqualTo("received=" + upload.length + "\nsha256="
        + Backend.sha256(upload) + "\n");
  }
}
