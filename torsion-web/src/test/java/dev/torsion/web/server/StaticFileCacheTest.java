package dev.torsion.web.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * StaticFile's cache of what it worked out per file (fields, and the bytes of small files): used
 * while a stat shows the same file, dropped the moment it does not, so with no metadata TTL a file
 * changed on disk is served new on the very next request whichever way it changed; with one, once
 * the TTL has passed.
 */
class StaticFileCacheTest {
  private static final FileTime MTIME = FileTime.fromMillis(1_700_000_000_000L);

  @TempDir Path tmp;
  private Path www;
  private StaticFile site;

  @BeforeEach
  void tree() throws IOException {
    www = Files.createDirectories(tmp.resolve("www"));
    write(www.resolve("a.txt"), "first");
    site = new StaticFile(www).setMetadataTtl(Duration.ZERO);
  }

  private static void write(Path file, String content) throws IOException {
    Files.writeString(file, content);
    Files.setLastModifiedTime(file, MTIME);
  }

  private String get(String path) {
    return get(path, "");
  }

  private String get(String path, String headers) {
    ServerHarness s = new ServerHarness(site).connect();
    s.send("GET " + path + " HTTP/1.1\r\nHost: h\r\n" + headers + "\r\n");
    return s.output();
  }

  private static String body(String response) {
    return response.substring(response.indexOf("\r\n\r\n") + 4);
  }

  @Test
  void aRepeatedRequestGetsTheSameAnswerFromTheCache() throws IOException {
    String first = get("/a.txt");
    // Rewritten in place with the same size and modification time: the same inode, size and
    // mtime, which is all the ETag says too, so the kept answer is still served (showing that it
    // is kept; a client revalidating with the ETag could not tell either).
    write(www.resolve("a.txt"), "FIRST");

    String second = get("/a.txt");

    assertThat(body(first)).isEqualTo("first");
    assertThat(second).isEqualTo(first);
  }

  @Test
  void aFileRewrittenWithANewModificationTimeIsReadAgain() throws IOException {
    get("/a.txt");
    Files.writeString(www.resolve("a.txt"), "FIRST");
    Files.setLastModifiedTime(www.resolve("a.txt"), FileTime.fromMillis(MTIME.toMillis() + 1));

    String second = get("/a.txt");

    assertThat(body(second)).isEqualTo("FIRST");
    assertThat(second).contains("ETag: \"5-" + Long.toHexString(MTIME.toMillis() + 1) + "\"");
  }

  @Test
  void aFileThatChangedSizeIsReadAgain() throws IOException {
    get("/a.txt");
    write(www.resolve("a.txt"), "first, and longer");

    assertThat(body(get("/a.txt"))).isEqualTo("first, and longer");
  }

  @Test
  void aFileReplacedByARenameIsReadAgainEvenWithTheSameSizeAndTime() throws IOException {
    get("/a.txt");
    Path next = tmp.resolve("next.txt");
    write(next, "other");
    Files.move(next, www.resolve("a.txt"), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);

    assertThat(body(get("/a.txt"))).isEqualTo("other");
  }

  @Test
  void aDeletedFileIsGoneAtOnce() throws IOException {
    get("/a.txt");
    Files.delete(www.resolve("a.txt"));

    assertThat(get("/a.txt")).startsWith("HTTP/1.1 404 ");
  }

  @Test
  void rangesAndHeadOfACachedFileStayRight() {
    get("/a.txt");

    String range = get("/a.txt", "Range: bytes=1-3\r\n");
    ServerHarness head = new ServerHarness(site).connect();
    head.send("HEAD /a.txt HTTP/1.1\r\nHost: h\r\n\r\n");

    assertThat(range).startsWith("HTTP/1.1 206 ").contains("Content-Range: bytes 1-3/5\r\n");
    assertThat(body(range)).isEqualTo("irs");
    assertThat(head.output()).startsWith("HTTP/1.1 200 ").contains("Content-Length: 5\r\n")
        .endsWith("\r\n\r\n");
  }

  @Test
  void aConditionalRequestForACachedFileIsNotModified() {
    String first = get("/a.txt");
    String etag = first.substring(first.indexOf("ETag: ") + 6, first.indexOf("\r\n", first.indexOf("ETag: ")));

    assertThat(get("/a.txt", "If-None-Match: " + etag + "\r\n")).startsWith("HTTP/1.1 304 ");
  }

  @Test
  void withinTheMetadataTtlARequestMakesNoStatAndServesWhatTheLastOneFound() throws IOException {
    site.setMetadataTtl(Duration.ofHours(1));
    get("/a.txt");
    write(www.resolve("a.txt"), "first, and longer");
    Files.delete(tmp.resolve("www/a.txt"));

    // Deleted on disk, but the stat of the first request still stands: the kept answer is served.
    assertThat(body(get("/a.txt"))).isEqualTo("first");
    assertThat(get("/missing.txt")).startsWith("HTTP/1.1 404 ");
    write(www.resolve("missing.txt"), "here now");
    assertThat(get("/missing.txt")).as("a missing file is remembered too").startsWith("HTTP/1.1 404 ");

    site.setMetadataTtl(Duration.ofHours(1)); // setting it again forgets every stat
    assertThat(get("/a.txt")).startsWith("HTTP/1.1 404 ");
    assertThat(body(get("/missing.txt"))).isEqualTo("here now");
  }
}
