package dev.torsion.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/howto/ftp.md's examples compile, and every public type of the module shows an example. */
class FTPDocsTest {
  private static final String PRELUDE = String.join("\n",
      "import dev.torsion.internet.*;", "import dev.torsion.cred.*;", "import dev.torsion.ftp.*;",
      "import dev.torsion.ftp.client.FTPClient;", "import dev.torsion.protocols.*;",
      "import java.nio.file.*;", "import static java.nio.charset.StandardCharsets.*;",
      "class Example {", "  Reactor reactor; Path root; Path homes; FTPClient client;", "");

  @TempDir Path out;

  private static Path moduleRoot() {
    Path here = Path.of("").toAbsolutePath();
    return Files.exists(here.resolve("torsion-ftp")) ? here.resolve("torsion-ftp") : here;
  }

  @Test
  void theHowtoExamplesCompile() throws Exception {
    String page = Files.readString(moduleRoot().resolve("../docs/howto/ftp.md"));
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(page);
    StringBuilder src = new StringBuilder(PRELUDE);
    int n = 0;
    while (m.find()) {
      src.append("  void example").append(n++).append("() throws Exception {\n").append(m.group(1)).append("  }\n");
    }
    src.append("}\n");
    assertThat(n).isGreaterThanOrEqualTo(4);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Example.java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return src;
      }
    };
    StringWriter errors = new StringWriter();
    boolean ok = javac.getTask(errors, null, null,
        List.of("-d", out.toString(), "-cp", System.getProperty("java.class.path"), "--release", "17"),
        null, List.of(file)).call();
    assertThat(ok).as(errors + "\n" + src).isTrue();
  }

  @Test
  void everyPublicTypeHasAJavadocExample() throws IOException {
    Path main = moduleRoot().resolve("src/main/java");
    List<String> missing = new ArrayList<>();
    try (Stream<Path> files = Files.walk(main)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String s = Files.readString(p);
        boolean isPublic = Pattern.compile("^public (final |abstract )?(class|record|interface|enum) ",
            Pattern.MULTILINE).matcher(s).find();
        if (isPublic && !p.toString().contains("/internal/") && !s.contains("<pre>{@code")) {
          missing.add(main.relativize(p).toString());
        }
      }
    }
    assertThat(missing).isEmpty();
  }
}
