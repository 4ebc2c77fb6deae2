package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.endpoints.Endpoints;
import dev.torsion.internet.ssl.SelfSignedCertificate;
import dev.torsion.trial.Peers;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.StaticFile;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large static files over plaintext HTTP/1.1 go out with sendfile (docs/design/performance.md);
 * curl downloads them whole, in ranges, twice on one connection, and over TLS and HTTP/2, which
 * keep reading the file into the heap.
 */
class StaticFileTransferInteropTest {
  private static final int SIZE = 5 * 1024 * 1024 + 12_345;

  @TempDir Path tmp;
  private Path files;
  private byte[] contents;
  private RealServer server;

  @BeforeEach
  void start() throws Exception {
    Peers.require("curl"); // skip before starting a server
    files = Files.createDirectory(tmp.resolve("files"));
    contents = new byte[SIZE];
    new Random(5).nextBytes(contents);
    Files.write(files.resolve("big.bin"), contents);
    server = new RealServer(root(), site -> { });
  }

  private Resource root() {
    Resource root = new Resource();
    root.putChild("static", new StaticFile(files));
    return root;
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private String sha256(Path p) throws Exception {
    return sha256(Files.readAllBytes(p));
  }

  /** Bytes the server's reactor thread has allocated so far (HotSpot's per-thread counter). */
  private long reactorAllocated() throws Exception {
    long id = server.call(() -> Deferred.succeed(Thread.currentThread().getId()));
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(id);
  }

  @Test
  void curlDownloadsALargeFileByteExactWithoutItPassingThroughTheHeap() throws Exception {
    Path warm = tmp.resolve("warm.bin");
    Path out = tmp.resolve("out.bin");
    Processes.curlOk(30, "-o", warm.toString(), server.url("/static/big.bin"));
    long before = reactorAllocated();

    Processes.curlOk(30, "-o", out.toString(), server.url("/static/big.bin"));
    long allocated = reactorAllocated() - before;

    assertThat(sha256(out)).isEqualTo(sha256(contents));
    assertThat(sha256(warm)).isEqualTo(sha256(contents));
    // Reading it through the heap would allocate the whole 5 MiB on the reactor thread.
    assertThat(allocated).as("bytes allocated on the reactor thread").isLessThan(512 * 1024);
  }

  @Test
  void aRangeSendsOnlyThatRegion() throws Exception {
    Path out = tmp.resolve("range.bin");
    Path head = tmp.resolve("range.head");

    Processes.curlOk(30, "-r", "1000-3001999", "-D", head.toString(), "-o", out.toString(),
        server.url("/static/big.bin"));

    assertThat(Files.readString(head)).startsWith("HTTP/1.1 206 ")
        .contains("Content-Range: bytes 1000-3001999/" + SIZE, "Content-Length: 3001000");
    assertThat(sha256(out)).isEqualTo(sha256(Arrays.copyOfRange(contents, 1000, 3_002_000)));
  }

  @Test
  void headSendsTheLengthAndNoBody() throws Exception {
    Processes.Result r = Processes.curlOk(30, "-I", server.url("/static/big.bin"));

    assertThat(r.stdout()).startsWith("HTTP/1.1 200 OK").contains("Content-Length: " + SIZE)
        .endsWith("\r\n\r\n");
  }

  @Test
  void twoLargeDownloadsShareOneConnection() throws Exception {
    Path a = tmp.resolve("a.bin");
    Path b = tmp.resolve("b.bin");

    Processes.Result r = Processes.curlOk(30, "-v", "-o", a.toString(), "-o", b.toString(),
        server.url("/static/big.bin"), server.url("/static/big.bin?again"));

    assertThat(r.stderr()).contains("Re-using existing connection");
    assertThat(sha256(a)).isEqualTo(sha256(contents));
    assertThat(sha256(b)).isEqualTo(sha256(contents));
  }

  @Test
  void h2cStillServesTheFileFromTheHeap() throws Exception {
    Path out = tmp.resolve("h2c.bin");

    Processes.Result r = Processes.curlOk(30, "-v", "--http2-prior-knowledge", "-o",
        out.toString(), server.url("/static/big.bin"));

    assertThat(r.stderr()).contains("HTTP/2 200");
    assertThat(sha256(out)).isEqualTo(sha256(contents));
  }

  @Test
  void aTlsListenerStillServesTheFileByteExact() throws Exception {
    SelfSignedCertificate ca = SelfSignedCertificate.builder().commonName("Torsion test CA")
        .certificateAuthority(true).build();
    SelfSignedCertificate leaf = SelfSignedCertificate.builder().names("localhost").signedBy(ca)
        .build();
    Path serverPem = tmp.resolve("server.pem");
    leaf.writePem(serverPem);
    Path caPem = Files.writeString(tmp.resolve("ca.crt"), ca.certificatePem());
    Path h1 = tmp.resolve("tls-h1.bin");
    Path h2 = tmp.resolve("tls-h2.bin");
    try (RealServer tls = new RealServer(root(), site -> { }, "ssl:0:interface=127.0.0.1:privateKey="
        + Endpoints.quoteStringArgument(serverPem.toString()))) {
      String resolve = "localhost:" + tls.port() + ":127.0.0.1";

      Processes.curlOk(30, "--resolve", resolve, "--http1.1", "--cacert", caPem.toString(),
          "-o", h1.toString(), tls.httpsUrl("/static/big.bin"));
      Processes.curlOk(30, "--resolve", resolve, "--cacert", caPem.toString(),
          "-o", h2.toString(), tls.httpsUrl("/static/big.bin"));
    }

    assertThat(sha256(h1)).isEqualTo(sha256(contents));
    assertThat(sha256(h2)).isEqualTo(sha256(contents));
  }
}
