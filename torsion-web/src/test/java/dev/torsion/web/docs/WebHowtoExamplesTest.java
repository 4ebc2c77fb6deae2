package dev.torsion.web.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Protocol;
import dev.torsion.internet.task.Clock;
import dev.torsion.trial.StringTransportWithDisconnection;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles the routed JSON API example of docs/howto/web.md exactly as printed there (the java
 * block after the "compiled by WebHowtoExamplesTest" marker) and runs requests against it.
 */
class WebHowtoExamplesTest {
  private static final Pattern BLOCK = Pattern.compile(
      "<!-- compiled by WebHowtoExamplesTest: (\\w+)\\.java -->\\s*```java\\n(.*?)```", Pattern.DOTALL);

  @TempDir static Path tmp;
  private static Resource root;
  private final Clock clock = new Clock();

  static Path howto() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path p = dir.resolve("docs/howto/web.md");
      if (Files.exists(p)) {
        return p;
      }
    }
    throw new AssertionError("docs/howto/web.md not found above " + Path.of("").toAbsolutePath());
  }

  @BeforeAll
  static void compileTheExample() throws Exception {
    Matcher m = BLOCK.matcher(Files.readString(howto()));
    assertThat(m.find()).as("the marked example in docs/howto/web.md").isTrue();
    Path source = tmp.resolve(m.group(1) + ".java");
    Files.writeString(source, m.group(2));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac).as("a JDK compiler").isNotNull();
    java.io.StringWriter errors = new java.io.StringWriter();
    try (var files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      boolean ok = javac.getTask(errors, files, null,
          List.of("-d", tmp.toString(), "--release", "17",
              "-cp", System.getProperty("java.class.path")),
          null, files.getJavaFileObjects(source.toFile())).call();
      assertThat(ok).as("the example compiles:\n" + errors).isTrue();
    }
    URLClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()},
        WebHowtoExamplesTest.class.getClassLoader());
    root = (Resource) loader.loadClass(m.group(1)).getMethod("root").invoke(null);
  }

  private String send(String raw) {
    StringTransportWithDisconnection t = new StringTransportWithDisconnection();
    Protocol p = new Site(root, clock).buildProtocol(t.getPeer());
    t.protocol = p;
    p.makeConnection(t);
    p.dataReceived(raw.getBytes(StandardCharsets.UTF_8));
    return t.valueString();
  }

  private static String body(String response) {
    return response.substring(response.indexOf("\r\n\r\n") + 4);
  }

  @Test
  void theNotesApiCreatesListsGetsAndDeletes() {
    String json = "{\"text\":\"buy milk\",\"tags\":[\"home\"]}";

    String created = send("POST /api/notes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + json.length() + "\r\n\r\n" + json);
    String got = send("GET /api/notes/1 HTTP/1.1\r\nHost: x\r\n\r\n");
    String list = send("GET /api/notes HTTP/1.1\r\nHost: x\r\n\r\n");
    String deleted = send("DELETE /api/notes/1 HTTP/1.1\r\nHost: x\r\n\r\n");
    String gone = send("GET /api/notes/1 HTTP/1.1\r\nHost: x\r\n\r\n");

    assertThat(created).startsWith("HTTP/1.1 201 ").contains("Location: /api/notes/1\r\n");
    assertThat(body(created)).isEqualTo("{\"id\":1,\"text\":\"buy milk\",\"tags\":[\"home\"]}");
    assertThat(body(got)).isEqualTo(body(created));
    assertThat(body(list)).isEqualTo("[" + body(created) + "]");
    assertThat(deleted).startsWith("HTTP/1.1 204 ");
    assertThat(gone).startsWith("HTTP/1.1 404 ");
    assertThat(body(gone)).isEqualTo("{\"status\":404,\"error\":\"no note 1\"}");
  }

  @Test
  void theBuilderRoutesSitBesideTheAnnotatedOnes() {
    assertThat(body(send("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n"))).isEqualTo("{\"ok\":true}");
    assertThat(send("PUT /api/notes HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"))
        .startsWith("HTTP/1.1 405 ").contains("Allow: GET, HEAD, POST, OPTIONS\r\n");
  }

}
