package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Raw bytes from a real socket against the server on a real reactor. */
class HostileInputSocketTest {
  @TempDir Path tmp;
  private TestSite app;
  private RealServer server;

  @BeforeEach
  void start() {
    app = new TestSite(tmp);
    server = new RealServer(app.root, site -> site.setTimeout(2));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  /** Sends {@code raw}, then reads until the server closes (or 5 s pass: a failure). */
  private String exchange(String raw) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) >= 0; ) {
          out.write(buf, 0, n);
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("server did not close; got: " + out.toString(StandardCharsets.ISO_8859_1));
      }
      return out.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private static int count(String haystack, String needle) {
    return haystack.split(java.util.regex.Pattern.quote(needle), -1).length - 1;
  }

  @Test
  void clAndTeTogetherAre400AndTheSmuggledRequestIsNeverRun() throws IOException {
    String out = exchange("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 35\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /admin HTTP/1.1\r\nHost: h\r\n\r\n");

    assertThat(out).startsWith("HTTP/1.1 400 ");
    assertThat(count(out, "HTTP/1.1 ")).isEqualTo(1);
    assertThat(app.adminHits).hasValue(0);
  }

  @Test
  void duplicateContentLengthsAre400() throws IOException {
    String out = exchange("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 39\r\n"
        + "\r\nhelloGET /admin HTTP/1.1\r\nHost: h\r\n\r\n");

    assertThat(out).startsWith("HTTP/1.1 400 ");
    assertThat(app.adminHits).hasValue(0);
  }

  @Test
  void aBadChunkSizeIs400AndNothingAfterItRuns() throws IOException {
    String out = exchange("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "0x5\r\nhello\r\n0\r\n\r\nGET /admin HTTP/1.1\r\nHost: h\r\n\r\n");

    assertThat(out).startsWith("HTTP/1.1 400 ");
    assertThat(app.adminHits).hasValue(0);
  }

  @Test
  void obsFoldBareLfAndNulAre400() throws IOException {
    assertThat(exchange("GET /hello HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n")).startsWith("HTTP/1.1 400 ");
    assertThat(exchange("GET /hello HTTP/1.1\nHost: h\n\n")).startsWith("HTTP/1.1 400 ");
    assertThat(exchange("GET /hello\0 HTTP/1.1\r\nHost: h\r\n\r\n")).startsWith("HTTP/1.1 400 ");
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws IOException {
    String out = exchange("GET /hello HTTP/1.1\r\nHost: h\r\n\r\nGET /stream HTTP/1.1\r\nHost: h\r\n\r\n"
        + "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nlastGET /hello HTTP/1.1\r\n"
        + "Host: h\r\nConnection: close\r\n\r\n");

    assertThat(count(out, "HTTP/1.1 200 OK")).isEqualTo(4);
    int a = out.indexOf("hello, world");
    int b = out.indexOf("chunk 4");
    int c = out.indexOf("last");
    int d = out.lastIndexOf("hello, world");
    assertThat(a).isLessThan(b);
    assertThat(b).isLessThan(c);
    assertThat(c).isLessThan(d);
  }

  @Test
  void aSlowClientIsCutOffByTheHeaderTimeout() throws IOException {
    String out = exchange("GET /hello HTTP/1.1\r\nHost: h\r\n"); // never finishes its head

    assertThat(out).startsWith("HTTP/1.1 408 ");
  }

  @Test
  void limitsAnswer414And431() throws IOException {
    assertThat(exchange("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: h\r\n\r\n"))
        .startsWith("HTTP/1.1 414 ");
    assertThat(exchange("GET / HTTP/1.1\r\nHost: h\r\n" + "X-A: b\r\n".repeat(200) + "\r\n"))
        .startsWith("HTTP/1.1 431 ");
  }
}
