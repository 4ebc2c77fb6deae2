package dev.torsion.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code ./torsion} script itself: JVM options from TORSION_JAVA_OPTS and
 * arguments after {@code run FILE} reach the application. The script runs from a copy of the
 * repository root holding only the script and a launcher jar (a manifest whose Class-Path is the
 * test classpath), so it finds the jar fresh and never starts a build.
 */
final class TorsionScriptProcessTest {
  @TempDir Path root;

  @Test
  void javaOptionsFromTheEnvironmentAndArgumentsAfterTheFileReachTheApplication() throws Exception {
    assumeTrue(new File("/bin/bash").canExecute() || new File("/usr/bin/bash").canExecute(),
        "the ./torsion script needs bash");
    Path script = root.resolve("torsion");
    Files.copy(Path.of("..", "torsion"), script);
    script.toFile().setExecutable(true);
    Path jar = Files.createDirectories(root.resolve("torsion-all/target")).resolve("torsion.jar");
    writeLauncherJar(jar);
    Path app = Files.writeString(root.resolve("Prop.java"),
        "import dev.torsion.application.Application;\n"
            + "import dev.torsion.internet.Reactor;\n"
            + "public final class Prop {\n"
            + "  public static Application application(Reactor reactor, String[] args) {\n"
            + "    System.out.println(\"greeting=\" + System.getProperty(\"greeting\")\n"
            + "        + \" max=\" + Runtime.getRuntime().maxMemory() / (1024 * 1024)\n"
            + "        + \" args=\" + String.join(\"|\", args));\n"
            + "    reactor.callWhenRunning(reactor::stop);\n"
            + "    return new Application(\"prop\");\n"
            + "  }\n"
            + "}\n");

    try (TorsionProcess p = TorsionProcess.exec(root,
        List.of(script.toString(), "run", app.toString(), "--users", "a b.txt"),
        Map.of("TORSION_JAVA_OPTS", " -Dgreeting=hello   -Xmx48m "))) {
      assertThat(p.waitFor()).as(String.join("\n", p.stderr())).isEqualTo(0);
      assertThat(p.stdout()).anySatisfy(line ->
          assertThat(line).matches("greeting=hello max=4\\d args=--users\\|a b\\.txt"));
    }
  }

  /** A jar with no classes whose manifest runs the runner from the test classpath. */
  private static void writeLauncherJar(Path jar) throws Exception {
    List<String> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      urls.add(new File(entry).toURI().toString());
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.torsion.runner.Main");
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream ignored = new JarOutputStream(out, manifest)) {
      // the manifest is the whole jar
    }
  }
}
