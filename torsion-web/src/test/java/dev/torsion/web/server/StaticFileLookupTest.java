package dev.torsion.web.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cheap lookup of StaticFile (one lstat per path segment, the real path resolved only for
 * symbolic links) and its one-read path for small files, against the cases where it could go
 * wrong: links inside and outside the root, nodes kept past the request they were found for, and
 * files on either side of the one-read limit.
 */
class StaticFileLookupTest {
  private static final int ONE_READ_LIMIT = 64 * 1024;

  @TempDir Path tmp;
  private Path www;

  @BeforeEach
  void tree() throws IOException {
    www = Files.createDirectories(tmp.resolve("www"));
    Files.createDirectories(www.resolve("sub"));
    Files.writeString(www.resolve("sub/a.txt"), "in the root");
    Files.writeString(tmp.resolve("secret.txt"), "TOP SECRET");
  }

  private static ServerHarness get(Resource root, String path) {
    ServerHarness s = new ServerHarness(root).connect();
    s.send("GET " + path + " HTTP/1.1\r\nHost: h\r\n\r\n");
    return s;
  }

  private static String body(ServerHarness s) {
    String out = s.output();
    return out.substring(out.indexOf("\r\n\r\n") + 4);
  }

  @Test
  void linksThatStayInsideTheRootAreServed() throws IOException {
    Files.createSymbolicLink(www.resolve("alias.txt"), www.resolve("sub/a.txt"));
    Files.createSymbolicLink(www.resolve("aliasdir"), www.resolve("sub"));

    assertThat(body(get(new StaticFile(www), "/alias.txt"))).isEqualTo("in the root");
    assertThat(body(get(new StaticFile(www), "/aliasdir/a.txt"))).isEqualTo("in the root");
  }

  @Test
  void aLinkInsideALinkedDirectoryStillCannotLeaveTheRoot() throws IOException {
    Files.createSymbolicLink(www.resolve("aliasdir"), www.resolve("sub"));
    Files.createSymbolicLink(www.resolve("sub/out.txt"), tmp.resolve("secret.txt"));

    ServerHarness s = get(new StaticFile(www), "/aliasdir/out.txt");

    assertThat(s.output()).startsWith("HTTP/1.1 404 ").doesNotContain("TOP SECRET");
  }

  @Test
  void aNodeKeptPastItsRequestRechecksTheWholeRealPath() throws IOException {
    // Given a node for www/sub found once and kept as a site's root,
    Resource kept = new StaticFile(www).getChild("sub", null);
    // when www/sub is then swapped for a link out of the root,
    Files.delete(www.resolve("sub/a.txt"));
    Files.delete(www.resolve("sub"));
    Files.createSymbolicLink(www.resolve("sub"), tmp);

    ServerHarness s = get(kept, "/secret.txt");

    // then what it finds through the link is outside the root: missing.
    assertThat(s.output()).startsWith("HTTP/1.1 404 ").doesNotContain("TOP SECRET");
  }

  @Test
  void filesOnEitherSideOfTheOneReadLimitArriveWhole() throws IOException {
    for (int size : new int[] {ONE_READ_LIMIT, ONE_READ_LIMIT + 1, 3 * ONE_READ_LIMIT + 7}) {
      StringBuilder b = new StringBuilder(size);
      for (int i = 0; i < size; i++) {
        b.append((char) ('a' + i % 26));
      }
      Files.writeString(www.resolve("f" + size), b);

      ServerHarness s = get(new StaticFile(www), "/f" + size);

      assertThat(s.output()).as("size %d", size).contains("Content-Length: " + size + "\r\n");
      assertThat(body(s)).as("size %d", size).isEqualTo(b.toString());
    }
  }

  @Test
  void aDirectoryIndexThatLinksOutOfTheRootIsNotServed() throws IOException {
    Files.createSymbolicLink(www.resolve("sub/index.html"), tmp.resolve("secret.txt"));

    ServerHarness s = get(new StaticFile(www), "/sub/");

    assertThat(s.output()).startsWith("HTTP/1.1 200 ").doesNotContain("TOP SECRET")
        .contains("a.txt");
  }
}
