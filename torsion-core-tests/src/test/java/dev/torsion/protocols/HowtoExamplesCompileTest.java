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
import java.util.Map;
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

/**
 * Every ```java block of the core howtos compiles. servers.md and clients.md hold whole classes;
 * tls.md, processes.md, threads.md and cred.md hold fragments, which are compiled as the body of a method
 * in a class that declares the names the page's prose takes as given ({@link #CONTEXT}).
 */
class HowtoExamplesCompileTest {
  /** What a fragment may use without declaring it: imports, and per page, fields and helpers. */
  private static final String IMPORTS =
      String.join(
          "\n",
          "import dev.torsion.internet.*;",
          "import dev.torsion.internet.endpoints.*;",
          "import dev.torsion.internet.ssl.*;",
          "import dev.torsion.cred.*;",
          "import dev.torsion.protocols.*;",
          "import java.io.*;",
          "import java.nio.file.*;",
          "import java.util.*;",
          "import static java.nio.charset.StandardCharsets.*;",
          "");

  private static final Map<String, String> CONTEXT =
      Map.of(
          "tls.md",
          String.join(
              "\n",
              "Reactor reactor;",
              "Factory factory;",
              "final class Echo extends Protocol {}",
              "final class EchoClient extends Protocol { void say(String s) {} }"),
          "processes.md",
          String.join("\n", "Reactor reactor;", "ProcessTransport transport;"),
          "cred.md",
          String.join("\n", "Reactor reactor;", "Transport transport;", "Portal portal;",
              "static final class Mailbox { Mailbox(String user) {} void open() {} }"),
          "threads.md",
          String.join(
              "\n",
              "Reactor reactor;",
              "Transport transport;",
              "interface Database { String query(String sql) throws Exception; }",
              "Database jdbc;",
              "String sql;",
              "interface WebClient { Deferred<byte[]> get(String url); }",
              "WebClient agent;",
              "String url;",
              "Path file;",
              "void compress(Path file) {}"));
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
    assertThat(compile(sources, out)).isEmpty();
  }

  @Test
  void everyFragmentInTheTlsProcessAndThreadHowtosCompiles(@TempDir Path out) throws IOException {
    List<JavaFileObject> sources = new ArrayList<>();
    for (Map.Entry<String, String> page : CONTEXT.entrySet()) {
      String text = Files.readString(howtoDir().resolve(page.getKey()));
      Matcher m = BLOCK.matcher(text);
      int n = 0;
      while (m.find()) {
        // One class per block, so that blocks may reuse names (each declares its own reactor).
        String name = "Howto_" + page.getKey().replace(".md", "") + "_" + ++n;
        sources.add(new Source(name, IMPORTS + "abstract class " + name + " {\n"
            + page.getValue() + "\nvoid example() throws Exception {\n" + m.group(1) + "\n}\n}\n"));
      }
      assertThat(n).as("java blocks in %s", page.getKey()).isGreaterThanOrEqualTo(3);
    }
    assertThat(compile(sources, out)).isEmpty();
  }

  /** The compiler's errors, each as "file:line: message"; none when everything compiles. */
  private static List<String> compile(List<JavaFileObject> sources, Path out) {
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
        // The line itself, since a fragment's line numbers count the wrapper's lines too.
        String[] lines = ((Source) d.getSource()).code.split("\n", -1);
        long at = d.getLineNumber();
        String text = at >= 1 && at <= lines.length ? lines[(int) at - 1].strip() : "";
        errors.add(d.getSource().getName() + ":" + at + ": " + d.getMessage(null) + "\n  at: " + text);
      }
    }
    if (errors.isEmpty() && !ok) {
      errors.add("javac failed without reporting an error");
    }
    return errors;
  }
}
