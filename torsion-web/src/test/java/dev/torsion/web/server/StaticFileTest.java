package dev.torsion.web.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.PushProducer;
import dev.torsion.trial.StringTransportWithDisconnection;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticFileTest {
  @TempDir Path tmp;
  private Path www;
  private final String digits = "0123456789abcdefghij";

  @BeforeEach
  void tree() throws IOException {
    www = Files.createDirectories(tmp.resolve("www"));
    Files.writeString(www.resolve("a.txt"), digits);
    Files.writeString(www.resolve("page.html"), "<p>hi</p>");
    Files.createDirectories(www.resolve("sub"));
    Files.writeString(www.resolve("sub/index.html"), "index!");
    Files.createDirectories(www.resolve("list"));
    Files.writeString(www.resolve("list/<script>alert(1)<\\script>.txt"), "x");
    Files.writeString(tmp.resolve("secret.txt"), "TOP SECRET");
  }

  private ServerHarness get(String path, String... headers) {
    ServerHarness s = new ServerHarness(new StaticFile(www)).connect();
    s.send("GET " + path + " HTTP/1.1\r\nHost: h\r\n" + String.join("", headers) + "\r\n");
    return s;
  }

  private static String body(ServerHarness s) {
    String out = s.output();
    return out.substring(out.indexOf("\r\n\r\n") + 4);
  }

  @Test
  void servesAFileWithTypeLengthEtagAndLastModified() {
    ServerHarness s = get("/a.txt");

    assertThat(s.output()).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Type: text/plain\r\n",
        "Content-Length: 20\r\n", "Accept-Ranges: bytes\r\n").containsPattern("ETag: \"[0-9a-f-]+\"")
        .contains("Last-Modified: ");
    assertThat(body(s)).isEqualTo(digits);
    assertThat(get("/page.html").output()).contains("Content-Type: text/html\r\n");
  }

  @Test
  void headSendsTheLengthButNoBody() {
    ServerHarness s = new ServerHarness(new StaticFile(www)).connect();
    s.send("HEAD /a.txt HTTP/1.1\r\nHost: h\r\n\r\n");

    assertThat(s.output()).contains("Content-Length: 20\r\n").endsWith("\r\n\r\n");
  }

  @Test
  void answers304ToAMatchingEtagOrDate() {
    String out = get("/a.txt").output();
    String etag = out.replaceAll("(?s).*ETag: (\"[^\"]+\").*", "$1");
    String lm = out.replaceAll("(?s).*Last-Modified: ([^\r]+)\r.*", "$1");

    assertThat(get("/a.txt", "If-None-Match: \"x\", " + etag + "\r\n").output())
        .startsWith("HTTP/1.1 304 ").endsWith("\r\n\r\n");
    assertThat(get("/a.txt", "If-Modified-Since: " + lm + "\r\n").output()).startsWith("HTTP/1.1 304 ");
    assertThat(get("/a.txt", "If-None-Match: \"other\"\r\n", "If-Modified-Since: " + lm + "\r\n")
        .output()).startsWith("HTTP/1.1 200 ");
  }

  @Test
  void servesASingleRange() {
    ServerHarness s = get("/a.txt", "Range: bytes=2-5\r\n");

    assertThat(s.output()).startsWith("HTTP/1.1 206 ").contains("Content-Range: bytes 2-5/20\r\n",
        "Content-Length: 4\r\n");
    assertThat(body(s)).isEqualTo("2345");
    assertThat(body(get("/a.txt", "Range: bytes=-3\r\n"))).isEqualTo("hij");
    assertThat(body(get("/a.txt", "Range: bytes=18-\r\n"))).isEqualTo("ij");
  }

  @Test
  void servesMultipleRangesAsMultipartByteranges() {
    ServerHarness s = get("/a.txt", "Range: bytes=0-1, 10-12\r\n");

    String out = s.output();
    assertThat(out).startsWith("HTTP/1.1 206 ").contains("Content-Type: multipart/byteranges; boundary=");
    String boundary = out.replaceAll("(?s).*boundary=([0-9a-f]+)\r.*", "$1");
    assertThat(body(s)).isEqualTo("--" + boundary + "\r\nContent-Type: text/plain\r\n"
        + "Content-Range: bytes 0-1/20\r\n\r\n01\r\n--" + boundary + "\r\nContent-Type: text/plain\r\n"
        + "Content-Range: bytes 10-12/20\r\n\r\nabc\r\n--" + boundary + "--\r\n");
    int length = Integer.parseInt(out.replaceAll("(?s).*Content-Length: (\\d+)\r.*", "$1"));
    assertThat(body(s).getBytes(StandardCharsets.ISO_8859_1)).hasSize(length);
  }

  @Test
  void anUnsatisfiableRangeIs416AndAnInvalidOneIsIgnored() {
    assertThat(get("/a.txt", "Range: bytes=20-30\r\n").output()).startsWith("HTTP/1.1 416 ")
        .contains("Content-Range: bytes */20\r\n");
    assertThat(get("/a.txt", "Range: bytes=5-2\r\n").output()).startsWith("HTTP/1.1 200 ");
    assertThat(get("/a.txt", "Range: lines=1-2\r\n").output()).startsWith("HTTP/1.1 200 ");
  }

  @Test
  void aStaleIfRangeGetsTheWholeFile() {
    assertThat(get("/a.txt", "Range: bytes=0-1\r\n", "If-Range: \"stale\"\r\n").output())
        .startsWith("HTTP/1.1 200 ");
  }

  @Test
  void directoriesRedirectToTheirSlashAndServeTheirIndex() {
    assertThat(get("/sub?x=1").output()).startsWith("HTTP/1.1 301 ").contains("Location: /sub/?x=1\r\n");
    assertThat(body(get("/sub/"))).isEqualTo("index!");
  }

  @Test
  void listsADirectoryWithEscapedNames() {
    ServerHarness s = get("/list/");

    assertThat(s.output()).startsWith("HTTP/1.1 200 ").contains("text/html");
    assertThat(body(s)).contains("&lt;script&gt;alert(1)&lt;\\script&gt;.txt")
        .contains("href=\"%3Cscript%3Ealert%281%29%3C%5Cscript%3E.txt\"").doesNotContain("<script>");
  }

  @Test
  void neverServesOutsideTheRoot() throws IOException {
    Files.createSymbolicLink(www.resolve("link.txt"), tmp.resolve("secret.txt"));
    Files.createSymbolicLink(www.resolve("linkdir"), tmp);
    for (String attack : new String[] {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
        "/sub/..%2f..%2fsecret.txt", "/..%2fsecret.txt", "/sub/%2e%2e/%2e%2e/secret.txt",
        "/a.txt%00", "/%00/secret.txt", "/link.txt", "/linkdir/secret.txt", "/sub/..\\..\\secret.txt"}) {
      ServerHarness s = get(attack);
      assertThat(s.output()).as(attack).doesNotContain("TOP SECRET").matches("(?s)HTTP/1.1 (403|404|400) .*");
    }
  }

  @Test
  void aMissingFileIs404() {
    assertThat(get("/nope.txt").output()).startsWith("HTTP/1.1 404 ");
    assertThat(get("/a.txt/more").output()).startsWith("HTTP/1.1 404 ");
  }

  /** A transport that keeps no data, only counts it, and pauses its producer like a socket would. */
  static final class CountingTransport extends StringTransportWithDisconnection {
    long total;
    long buffered;
    long maxBuffered;
    boolean paused;

    @Override public void write(byte[] data) {
      total += data.length;
      buffered += data.length;
      maxBuffered = Math.max(maxBuffered, buffered);
      if (buffered > 256 * 1024 && producer instanceof PushProducer p && !paused) {
        paused = true;
        p.pauseProducing();
      }
    }

    @Override public void writeSequence(java.util.List<byte[]> data) {
      data.forEach(this::write);
    }

    void drain() {
      buffered = 0;
      if (paused && producer instanceof PushProducer p) {
        paused = false;
        p.resumeProducing();
      }
    }
  }

  @Test
  void streamsAOneGigabyteFileWithBoundedBuffering() throws IOException {
    Path big = www.resolve("big.bin");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(1L << 30); // sparse: quick to make, a full gigabyte to send
    }
    Site site = new Site(new StaticFile(www), new dev.torsion.internet.task.Clock());
    CountingTransport t = new CountingTransport();
    dev.torsion.internet.Protocol p = site.buildProtocol(t.getPeer());
    t.protocol = p;
    p.makeConnection(t);

    p.dataReceived("GET /big.bin HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    int rounds = 0;
    while (t.producer != null) {
      t.drain();
      rounds++;
    }

    assertThat(t.total).isGreaterThan(1L << 30).isLessThan((1L << 30) + 1024);
    assertThat(t.maxBuffered).isLessThanOrEqualTo(256 * 1024 + 64 * 1024);
    assertThat(rounds).isGreaterThan(1000);
  }
}
