package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurlInteropTest {
  @TempDir Path tmp;
  private RealServer server;

  @BeforeEach
  void start() throws Exception {
    Peers.require("curl"); // skip before starting a server
    Files.writeString(tmp.resolve("digits.txt"), "0123456789abcdefghij");
    server = new RealServer(new TestSite(tmp).root, site -> { });
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private Processes.Result curl(String... args) throws Exception {
    return Processes.curlOk(20, args);
  }

  @Test
  void fetchesAPageAndReusesTheConnection() throws Exception {
    Processes.Result r = curl("-v", server.url("/hello"), server.url("/stream"));

    assertThat(r.stdout()).isEqualTo("hello, world\n" + "chunk 0\nchunk 1\nchunk 2\nchunk 3\nchunk 4\n");
    assertThat(r.stderr()).contains("Re-using existing connection");
  }

  @Test
  void headGetsHeadersOnly() throws Exception {
    Processes.Result r = curl("-I", server.url("/static/digits.txt"));

    assertThat(r.stdout()).startsWith("HTTP/1.1 200 OK").contains("Content-Length: 20")
        .endsWith("\r\n\r\n");
  }

  @Test
  void fetchesASingleAndMultipleRanges() throws Exception {
    assertThat(curl("-r", "3-6", server.url("/static/digits.txt")).stdout()).isEqualTo("3456");
    Processes.Result multi = curl("-i", "-r", "0-1,18-", server.url("/static/digits.txt"));
    assertThat(multi.stdout()).startsWith("HTTP/1.1 206 ").contains("multipart/byteranges")
        .contains("Content-Range: bytes 0-1/20\r\n\r\n01\r\n", "Content-Range: bytes 18-19/20\r\n\r\nij\r\n");
  }

  @Test
  void decompressesGzip() throws Exception {
    Processes.Result r = curl("-v", "--compressed", server.url("/gz"));

    assertThat(r.stdout()).isEqualTo("compress me ".repeat(1000));
    assertThat(r.stderr()).contains("Content-Encoding: gzip");
  }

  @Test
  void waitsFor100ContinueBeforeSendingTheBody() throws Exception {
    Path body = tmp.resolve("body.bin");
    Files.write(body, new byte[200_000]);

    Processes.Result r = curl("-v", "-H", "Expect: 100-continue", "--data-binary", "@" + body,
        "-o", tmp.resolve("out.bin").toString(), server.url("/echo"));

    assertThat(r.stderr()).contains("HTTP/1.1 100 Continue");
    assertThat(Files.size(tmp.resolve("out.bin"))).isEqualTo(200_000);
  }

  @Test
  void uploadsAMultipartForm() throws Exception {
    Files.writeString(tmp.resolve("up.txt"), "uploaded");
    dev.torsion.web.server.Resource root = new dev.torsion.web.server.Resource();
    root.putChild("form", new TestSite.Leaf() {
      @Override protected byte[] renderPost(dev.torsion.web.server.Request r) {
        return TestSite.utf8(r.getArg("name") + ":" + new String(r.getUpload("file").bytes(),
            java.nio.charset.StandardCharsets.UTF_8));
      }
    });
    try (RealServer s = new RealServer(root, site -> { })) {
      Processes.Result r = curl("-F", "name=joe", "-F", "file=@" + tmp.resolve("up.txt"), s.url("/form"));
      assertThat(r.stdout()).isEqualTo("joe:uploaded");
    }
  }
}
