package dev.torsion.internet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public type of core's API packages has a Javadoc example ({@code <pre>}), as the house
 * style asks: a newcomer reads the type and sees it used. The types below still lack one; the
 * list may only shrink.
 */
class JavadocExamplesTest {
  private static final Set<String> WITHOUT_EXAMPLE_YET = Set.of(
      "dev.torsion.internet.CancelledError",
      "dev.torsion.internet.ConnectionAborted",
      "dev.torsion.internet.ConnectionClosed",
      "dev.torsion.internet.IPv6Address",
      "dev.torsion.internet.QueueOverflow",
      "dev.torsion.internet.QueueUnderflow",
      "dev.torsion.internet.UNIXAddress",
      "dev.torsion.internet.task.NotPaused",
      "dev.torsion.internet.task.SchedulerError",
      "dev.torsion.internet.task.SchedulerStopped",
      "dev.torsion.internet.task.TaskDone",
      "dev.torsion.internet.task.TaskFailed",
      "dev.torsion.internet.task.TaskFinished",
      "dev.torsion.internet.task.TaskStopped");

  private static final Pattern DECLARATION = Pattern.compile(
      "^public (?:(?:final|abstract|sealed|non-sealed) )*(?:class|interface|record|enum|@interface) (\\w+)",
      Pattern.MULTILINE);

  @Test
  void everyPublicApiTypeHasAJavadocExample() throws IOException {
    Path root = Path.of("src/main/java");
    assertThat(root.resolve("dev/torsion/internet/Deferred.java")).as("run from torsion-core").exists();
    Set<String> missing = new TreeSet<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> !p.getFileName().toString().equals("package-info.java"))
          .filter(p -> !p.toString().contains("/internal/"))
          .filter(p -> !p.startsWith(root.resolve("dev/torsion/application")))
          .collect(Collectors.toList());
    }
    for (Path file : files) {
      String text = Files.readString(file);
      Matcher m = DECLARATION.matcher(text);
      if (!m.find()) {
        continue; // not public
      }
      String before = text.substring(0, m.start());
      int doc = before.lastIndexOf("/**");
      String javadoc = doc < 0 ? "" : before.substring(doc);
      if (!javadoc.contains("<pre>")) {
        String pkg = root.relativize(file.getParent()).toString().replace('/', '.');
        missing.add(pkg + "." + m.group(1));
      }
    }
    assertThat(files).hasSizeGreaterThan(50);
    assertThat(missing).as("public types without a Javadoc example").isSubsetOf(WITHOUT_EXAMPLE_YET);
  }
}
