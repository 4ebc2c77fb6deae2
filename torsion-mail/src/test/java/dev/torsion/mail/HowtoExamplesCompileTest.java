package dev.torsion.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Protocol;
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

/**
 * Every ```java block of docs/howto/mail.md compiles, as the body of a method in a class that
 * declares what the page takes as given (a reactor), as core's test does for its howtos.
 */
class HowtoExamplesCompileTest {
  private static final String PREFIX = String.join("\n",
      "import dev.torsion.internet.*;",
      "import dev.torsion.internet.endpoints.*;",
      "import dev.torsion.cred.*;",
      "import dev.torsion.internet.ssl.*;",
      "import dev.torsion.mail.*;",
      "import dev.torsion.mail.imap.*;",
      "import dev.torsion.mail.pop3.*;",
      "import dev.torsion.mail.smtp.*;",
      "import dev.torsion.mail.relay.*;",
      "import dev.torsion.names.client.*;",
      "import java.net.*;",
      "import java.nio.file.*;",
      "import java.util.*;",
      "");
  private static final String CONTEXT = "Reactor reactor;\n";
  private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  private static Path page() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path p = dir.resolve("docs/howto/mail.md");
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new AssertionError("docs/howto/mail.md not found above " + Path.of("").toAbsolutePath());
  }

  private static final class Source extends SimpleJavaFileObject {
    final String code;

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
  void everyJavaBlockOfTheMailHowtoCompiles(@TempDir Path out) throws IOException {
    String text = Files.readString(page());
    Matcher m = BLOCK.matcher(text);
    List<JavaFileObject> sources = new ArrayList<>();
    int n = 0;
    while (m.find()) {
      String name = "Howto_mail_" + ++n;
      sources.add(new Source(name, PREFIX + "abstract class " + name + " {\n" + CONTEXT
          + "void example() throws Exception {\n" + m.group(1) + "\n}\n}\n"));
    }
    assertThat(n).as("java blocks in mail.md").isGreaterThanOrEqualTo(3);
    Set<String> classPath = new LinkedHashSet<>();
    classPath.add(location(Protocol.class));
    classPath.add(location(Maildir.class));
    classPath.add(System.getProperty("java.class.path"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    javac.getTask(null, null, diagnostics, List.of("-d", out.toString(), "-cp",
        String.join(File.pathSeparator, classPath), "-proc:none", "-Xlint:none"), null,
        sources).call();
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        String[] lines = ((Source) d.getSource()).code.split("\n", -1);
        long at = d.getLineNumber();
        errors.add(d.getSource().getName() + ":" + at + ": " + d.getMessage(null) + "\n  at: "
            + (at >= 1 && at <= lines.length ? lines[(int) at - 1].strip() : ""));
      }
    }
    assertThat(errors).isEmpty();
  }
}
