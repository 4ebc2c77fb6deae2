package dev.torsion.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code torsion run FILE.java ARGS...} through the real command: arguments reach the
 * application, and a user's application that throws or does not compile is the user's error
 * (one line, exit 1; the stack trace only with --traceback).
 */
final class RunPluginProcessTest {
  private static final String IMPORTS =
      "import dev.torsion.application.Application;\nimport dev.torsion.internet.Reactor;\n";

  @TempDir Path dir;

  /** An application that prints its arguments and stops at once. */
  private Path printsItsArguments() throws Exception {
    return Files.writeString(dir.resolve("Args.java"), IMPORTS
        + "public final class Args {\n"
        + "  public static Application application(Reactor reactor, String[] args) {\n"
        + "    System.out.println(\"args=\" + String.join(\"|\", args));\n"
        + "    reactor.callWhenRunning(reactor::stop);\n"
        + "    return new Application(\"args\");\n"
        + "  }\n"
        + "}\n");
  }

  @Test
  void wordsAfterTheFileAreTheApplicationsArgumentsOptionsIncluded() throws Exception {
    Path app = printsItsArguments();
    try (TorsionProcess p =
        TorsionProcess.start(dir, "run", app.toString(), "--file", "users.txt", "-v")) {
      assertThat(p.waitFor()).isEqualTo(0);
      assertThat(p.stdout()).contains("args=--file|users.txt|-v");
    }
  }

  @Test
  void aDoubleDashAfterTheFileIsDropped() throws Exception {
    Path app = printsItsArguments();
    try (TorsionProcess p = TorsionProcess.start(dir, "run", app.toString(), "--", "--help")) {
      assertThat(p.waitFor()).isEqualTo(0);
      assertThat(p.stdout()).contains("args=--help");
    }
  }

  @Test
  void anApplicationWithoutArgumentsRefusesThemAsAUsageError() throws Exception {
    Path app = Files.writeString(dir.resolve("NoArgs.java"), IMPORTS
        + "public final class NoArgs {\n"
        + "  public static Application application(Reactor reactor) {\n"
        + "    return new Application(\"x\");\n"
        + "  }\n"
        + "}\n");
    try (TorsionProcess p = TorsionProcess.start(dir, "run", app.toString(), "extra")) {
      assertThat(p.waitFor()).isEqualTo(2);
      assertThat(p.stderr()).containsExactly("torsion: NoArgs.application(Reactor) takes no"
          + " arguments, got 'extra' (declare application(Reactor reactor, String[] args) to read them)");
    }
  }

  private Path throwsOnStart() throws Exception {
    return Files.writeString(dir.resolve("Boom.java"), IMPORTS
        + "public final class Boom {\n"
        + "  public static Application application(Reactor reactor) {\n"
        + "    throw new IllegalStateException(\"no users file at /nope\");\n"
        + "  }\n"
        + "}\n");
  }

  @Test
  void anApplicationThatThrowsIsOneLineNamingTheFileAndTheException() throws Exception {
    Path app = throwsOnStart();
    try (TorsionProcess p = TorsionProcess.start(dir, "run", app.toString())) {
      assertThat(p.waitFor()).isEqualTo(1);
      assertThat(p.stderr()).containsExactly(
          "torsion: run " + app + ": IllegalStateException: no users file at /nope");
    }
  }

  @Test
  void tracebackAddsTheStackTraceOfTheApplicationsException() throws Exception {
    Path app = throwsOnStart();
    try (TorsionProcess p = TorsionProcess.start(dir, "--traceback", "run", app.toString())) {
      assertThat(p.waitFor()).isEqualTo(1);
      assertThat(p.stderr().get(0))
          .isEqualTo("torsion: run " + app + ": IllegalStateException: no users file at /nope");
      assertThat(String.join("\n", p.stderr())).contains("\tat Boom.application(Boom.java:5)");
    }
  }

  @Test
  void aCompileErrorPrintsTheCompilersLinesAndNoStackTrace() throws Exception {
    Path app = Files.writeString(dir.resolve("Typo.java"), IMPORTS
        + "public final class Typo {\n"
        + "  public static Application application(Reactor reactor) {\n"
        + "    return new Applicaton(\"x\");\n"
        + "  }\n"
        + "}\n");
    try (TorsionProcess p = TorsionProcess.start(dir, "run", app.toString())) {
      assertThat(p.waitFor()).isEqualTo(1);
      assertThat(p.stderr().get(0)).isEqualTo(app + ":5: error: cannot find symbol");
      assertThat(p.stderr()).last().isEqualTo("torsion: run " + app + ": cannot compile (1 error)");
      assertThat(String.join("\n", p.stderr())).doesNotContain("\tat ", "Exception");
    }
  }

  @Test
  void aServiceThatFailsToStartIsOneLineNamingTheFile() throws Exception {
    Path app = Files.writeString(dir.resolve("Late.java"), IMPORTS
        + "import dev.torsion.application.Service;\n"
        + "import dev.torsion.internet.Deferred;\n"
        + "public final class Late {\n"
        + "  public static Application application(Reactor reactor) {\n"
        + "    Application app = new Application(\"late\");\n"
        + "    new Service() {\n"
        + "      @Override public Deferred<Void> startService() {\n"
        + "        throw new UnsupportedOperationException(\"not today\");\n"
        + "      }\n"
        + "    }.setServiceParent(app);\n"
        + "    return app;\n"
        + "  }\n"
        + "}\n");
    try (TorsionProcess p = TorsionProcess.start(dir, "run", app.toString())) {
      assertThat(p.waitFor()).isEqualTo(1);
      assertThat(p.stderr()).containsExactly(
          "torsion: run " + app + ": failed to start: UnsupportedOperationException: not today");
      assertThat(String.join("\n", p.stdout())).doesNotContain("\tat ");
    }
  }
}
