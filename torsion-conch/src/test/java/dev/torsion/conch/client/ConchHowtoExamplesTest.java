package dev.torsion.conch.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Deferred;
import java.lang.reflect.Method;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles the example of docs/howto/conch.md exactly as printed (the java block after the
 * "compiled by ConchHowtoExamplesTest" marker) and runs it on a real reactor.
 */
class ConchHowtoExamplesTest {
  private static final Pattern BLOCK = Pattern.compile(
      "<!-- compiled by ConchHowtoExamplesTest: (\\w+)\\.java -->\\s*```java\\n(.*?)```",
      Pattern.DOTALL);

  @TempDir static Path tmp;
  static ReactorThread rt;

  static Path howto() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path p = dir.resolve("docs/howto/conch.md");
      if (Files.exists(p)) {
        return p;
      }
    }
    throw new AssertionError("docs/howto/conch.md not found above " + Path.of("").toAbsolutePath());
  }

  @BeforeAll
  static void start() {
    rt = new ReactorThread();
  }

  @AfterAll
  static void stop() throws Exception {
    rt.close();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theServerAndClientExampleCompilesAndAnswers() throws Exception {
    Matcher m = BLOCK.matcher(Files.readString(howto()));
    assertThat(m.find()).as("the marked example in docs/howto/conch.md").isTrue();
    Path source = tmp.resolve(m.group(1) + ".java");
    Files.writeString(source, m.group(2));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    java.io.StringWriter errors = new java.io.StringWriter();
    try (var files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      boolean ok = javac.getTask(errors, files, null, List.of("-d", tmp.toString(), "--release",
          "17", "-cp", System.getProperty("java.class.path")), null,
          files.getJavaFileObjects(source.toFile())).call();
      assertThat(ok).as("the example compiles:\n" + errors).isTrue();
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()},
        getClass().getClassLoader())) {
      Method run = loader.loadClass(m.group(1)).getMethod("run", dev.torsion.internet.Reactor.class);
      String out = rt.await(() -> {
        try {
          return (Deferred<String>) run.invoke(null, rt.reactor);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      });
      assertThat(out).isEqualTo("hello, you said ls\n");
    }
  }
}
