package dev.torsion.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.cred.PasswordHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./torsion passwd FILE NAME} with the password piped in, as a script would. */
final class PasswdProcessTest {
  @TempDir Path dir;

  private record Result(int status, String stderr) {}

  private Result passwd(String stdin, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.torsion.runner.Main", "passwd"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), err);
  }

  @Test
  void writesABcryptLineFromStandardInputAndReplacesItNextTime() throws Exception {
    Path file = dir.resolve("users.passwd");
    Result first = passwd("s3cret\n", "--cost", "4", file.toString(), "alice");
    assertThat(first.status()).as(first.stderr()).isZero();
    Result again = passwd("other\n", "--algorithm", "pbkdf2", "--cost", "1000", file.toString(), "alice");
    assertThat(again.status()).as(again.stderr()).isZero();
    Result bob = passwd("hunter2\n", "--cost", "4", file.toString(), "bob");
    assertThat(bob.status()).isZero();

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("alice:$pbkdf2-sha256$1000$");
    assertThat(PasswordHash.verify("other", lines.get(0).substring("alice:".length()))).isTrue();
    assertThat(lines.get(1)).startsWith("bob:$2b$04$");
    assertThat(PasswordHash.verify("hunter2", lines.get(1).substring("bob:".length()))).isTrue();
  }

  @Test
  void mistakesAreOneLineAndExitTwo() throws Exception {
    Path file = dir.resolve("users.passwd");
    for (Result r : List.of(
        passwd("", file.toString(), "alice"),
        passwd("x\n", file.toString()),
        passwd("x\n", "--algorithm", "md5", file.toString(), "alice"),
        passwd("x\n", file.toString(), "bad:name"))) {
      assertThat(r.status()).isEqualTo(2);
      assertThat(r.stderr().strip().lines()).hasSize(1).allMatch(l -> l.startsWith("torsion: "));
    }
    assertThat(file).doesNotExist();
  }
}
