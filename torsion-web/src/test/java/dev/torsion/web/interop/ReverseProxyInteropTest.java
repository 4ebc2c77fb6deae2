package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Reactor;
import dev.torsion.trial.Peers;
import dev.torsion.web.proxy.Backend;
import dev.torsion.web.proxy.ReverseProxyResource;
import dev.torsion.web.server.Resource;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curl through Torsion's ReverseProxyResource to a Torsion backend and to nginx. */
class ReverseProxyInteropTest {
  @TempDir Path tmp;
  private RealServer backend;
  private RealServer proxy;
  private Nginx nginx;

  @BeforeEach
  void start() {
    Peers.require("curl"); // skip before starting servers
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {proxy, backend, nginx}) {
      if (c != null) {
        c.close();
      }
    }
  }

  /** A proxy site with /app forwarding to 127.0.0.1:{@code port}. */
  private RealServer proxyTo(int port) {
    Resource root = new Resource();
    return new RealServer(root, site -> root.putChild("app",
        new ReverseProxyResource("127.0.0.1", port, "", (Reactor) site.getReactorTime())));
  }

  private Processes.Result curl(String... args) throws Exception {
    return Processes.curlOk(60, args);
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  @Test
  void curlReachesATorsionBackendWithForwardingHeaders() throws Exception {
    backend = new RealServer(Backend.root(), site -> { });
    proxy = proxyTo(backend.port());

    Processes.Result r = curl(proxy.url("/app/echo/x%20y?q=1"), "-H", "X-Forwarded-For: 192.0.2.1");

    assertThat(r.stdout()).contains("method=GET\n", "uri=/echo/x%20y?q=1\n",
        "host=127.0.0.1:" + backend.port() + "\n", "x-forwarded-for=192.0.2.1, 127.0.0.1\n",
        "x-forwarded-proto=http\n", "x-forwarded-host=127.0.0.1:" + proxy.port() + "\n");
  }

  @Test
  void curlUploadsAndDownloadsLargeBodiesThroughTheProxy() throws Exception {
    backend = new RealServer(Backend.root(), site -> { });
    proxy = proxyTo(backend.port());
    byte[] upload = new byte[5 * 1024 * 1024];
    new Random(7).nextBytes(upload);
    Path up = Files.write(tmp.resolve("up.bin"), upload);
    long size = 200L * 1024 * 1024;
    Path down = tmp.resolve("down.bin");

    Processes.Result put = curl("-T", up.toString(), proxy.url("/app/echo"));
    Processes.Result get = curl("-o", down.toString(), "-w", "%{http_code} %{size_download}",
        proxy.url("/app/stream?n=" + size));

    assertThat(put.stdout()).contains("method=PUT\n", "length=" + upload.length + "\n",
        "sha256=" + Backend.sha256(upload) + "\n");
    assertThat(get.stdout()).isEqualTo("200 " + size);
    try (InputStream in = Files.newInputStream(down)) {
      byte[] buf = new byte[1 << 16];
      long pos = 0;
      for (int n; (n = in.read(buf)) > 0; pos += n) {
        for (int i = 0; i < n; i++) {
          if (buf[i] != (byte) ((pos + i) % 251)) {
            throw new AssertionError("byte " + (pos + i) + " differs");
          }
        }
      }
      assertThat(pos).isEqualTo(size);
    }
  }

  @Test
  void curlGets502WhenTheBackendIsDown() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    proxy = proxyTo(closed);

    Processes.Result r = curl("-w", "\n%{http_code}", proxy.url("/app/anything"));

    assertThat(r.stdout()).contains("127.0.0.1:" + closed + " could not be reached").endsWith("\n502");
  }

  @Test
  void curlReachesNginxThroughTheProxy() throws Exception {
    nginx = new Nginx(tmp.resolve("nginx"), String.join("\n",
        "    gzip on; gzip_types application/octet-stream; gzip_min_length 10;",
        "    location = /headers { return 200 \"xff=$http_x_forwarded_for host=$http_host "
            + "proto=$http_x_forwarded_proto xfh=$http_x_forwarded_host conn=$http_connection "
            + "secret=$http_x_secret\\n\"; }"));
    byte[] big = new byte[20 * 1024 * 1024];
    new Random(11).nextBytes(big);
    Files.write(nginx.root.resolve("big.bin"), big);
    proxy = proxyTo(nginx.port);

    Processes.Result headers = curl(proxy.url("/app/headers"), "-H", "Connection: X-Secret",
        "-H", "X-Secret: s");
    Path down = tmp.resolve("big.bin");
    Processes.Result get = curl("-o", down.toString(), "-w", "%{http_code}", proxy.url("/app/big.bin"));
    Processes.Result range = curl("-r", "10-19", "-w", " %{http_code}", proxy.url("/app/big.bin"));
    Processes.Result missing = curl("-o", "/dev/null", "-w", "%{http_code}", proxy.url("/app/nope"));

    assertThat(headers.stdout()).isEqualTo("xff=127.0.0.1 host=127.0.0.1:" + nginx.port
        + " proto=http xfh=127.0.0.1:" + proxy.port() + " conn= secret=\n");
    assertThat(get.stdout()).isEqualTo("200");
    assertThat(sha256(down)).isEqualTo(Backend.sha256(big));
    assertThat(range.stdout().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
        .startsWith(java.util.Arrays.copyOfRange(big, 10, 20));
    assertThat(range.stdout()).endsWith(" 206");
    assertThat(missing.stdout()).isEqualTo("404");
  }
}
