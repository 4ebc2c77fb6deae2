package dev.torsion.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Protocol;
import dev.torsion.trial.StringTransport;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every ```java block of docs/howto/servers.md and clients.md compiles, all together. */
class HowtoExamplesCompileTest {
  private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern CLASS = Pattern.compile("public class (\\w+)");

  private static Path howtoDir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path howto = dir.resolve("docs/howto");
      if (Files.isRegularFile(howto.resolve("servers.md"))) {
        return howto;
      }
    }
    throw new AssertionError("docs/howto not found above " + Path.of("").toAbsolutePath());
  }

  private static final class Source extends SimpleJavaFileObject {
    private final String code;

    Source(String className, String code) {
      super(URI.create("string:///" + className + ".java"), Kind.SOURCE);
      this.code = code;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return code;
    }
  }

  private static String location(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void everyJavaBlockInTheServerAndClientHowtosCompiles(@TempDir Path out) throws IOException {
    List<JavaFileObject> sources = new ArrayList<>();
    for (String page : List.of("servers.md", "clients.md")) {
      String text = Files.readString(howtoDir().resolve(page));
      Matcher m = BLOCK.matcher(text);
      while (m.find()) {
        Matcher name = CLASS.matcher(m.group(1));
        assertThat(name.find()).as("a block of %s declares no public class", page).isTrue();
        sources.add(new Source(name.group(1), m.group(1)));
      }
    }
    assertThat(sources).hasSizeGreaterThanOrEqualTo(12);

    // Surefire may hide the class path in a manifest jar: name our jars explicitly too.
    Set<String> classPath = new LinkedHashSet<>();
    classPath.add(location(Protocol.class));
    classPath.add(location(StringTransport.class));
    classPath.add(System.getProperty("java.class.path"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    boolean ok =
        javac
            .getTask(
                null,
                null,
                diagnostics,
                List.of("-d", out.toString(), "-cp", String.join(File.pathSeparator, classPath),
                    "-proc:none", "-Xlint:none"),
                null,
                sources)
            .call();
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        errors.add(d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(null));
      }
    }
    assertThat(errors).isEmpty();
    assertThat(ok).isTrue();
  }
}
