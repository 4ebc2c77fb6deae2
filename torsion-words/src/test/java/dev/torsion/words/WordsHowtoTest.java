package dev.torsion.words;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every ```java block of docs/howto/words.md compiles, and the page's bot test passes. (Its log
 * bot is examples/LogBot.java, run by torsion-examples' LogBotInteropTest.)
 */
class WordsHowtoTest {
  static final Path PAGE = Path.of("..", "docs", "howto", "words.md");

  @TempDir Path dir;

  @Test
  void theHowtoExamplesCompileAndItsTestPasses() throws Exception {
    String page = Files.readString(PAGE);
    Matcher blocks = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(page);
    List<String> files = new ArrayList<>();
    while (blocks.find()) {
      String source = blocks.group(1);
      Matcher name = Pattern.compile("(?m)^(?:public )?(?:final )?class (\\w+)").matcher(source);
      assertThat(name.find()).as("a class in:\n" + source).isTrue();
      Path file = dir.resolve(name.group(1) + ".java");
      Files.writeString(file, source);
      files.add(file.toString());
    }
    assertThat(files).hasSize(2);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args = new ArrayList<>(List.of("-d", dir.toString(), "-cp",
        System.getProperty("java.class.path"), "--release", "17", "-Xlint:none"));
    args.addAll(files);
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int status = javac.run(null, null, err, args.toArray(new String[0]));
    assertThat(status).as(err.toString()).isZero();

    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
        getClass().getClassLoader())) {
      Class<?> test = loader.loadClass("GreeterTest");
      var ctor = test.getDeclaredConstructor();
      ctor.setAccessible(true);
      Method m = test.getDeclaredMethod("greetsNewcomers");
      m.setAccessible(true);
      m.invoke(ctor.newInstance());
    }
  }
}
