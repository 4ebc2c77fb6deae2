package dev.torsion.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.cred.PasswordHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.torsion.trial.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./torsion passwd FILE NAME} with the password piped in, as a script would, and typed
 * on a real terminal (a pty held by Python's pty module), where it must not be echoed.
 */
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

  /**
   * Runs passwd on a pty: answers each prompt as it appears, then prints the whole screen
   * (everything the terminal showed, echo included) and the exit status.
   */
  private Result onATerminal(String first, String second, String... args) throws Exception {
    String script = String.join("\n",
        "import os, pty, sys, select, time",
        "pid, fd = pty.fork()",
        "if pid == 0:",
        "    os.execv(sys.argv[3], sys.argv[3:])",
        "screen = b''",
        "def until(marker):",
        "    global screen",
        "    end = time.time() + 60",
        "    while marker not in screen and time.time() < end:",
        "        r, _, _ = select.select([fd], [], [], 1)",
        "        if r:",
        "            try: chunk = os.read(fd, 4096)",
        "            except OSError: return",
        "            if not chunk: return",
        "            screen += chunk",
        "until(b'Password for ')",
        "os.write(fd, sys.argv[1].encode() + b'\\n')",
        "until(b'Again: ')",
        "os.write(fd, sys.argv[2].encode() + b'\\n')",
        "until(b'\\0never')",
        "status = os.waitpid(pid, 0)[1] >> 8",
        "sys.stdout.write(screen.decode(errors='replace'))",
        "sys.stdout.write('\\nEXIT %d\\n' % status)", "");
    Path py = Files.writeString(dir.resolve("terminal.py"), script);
    List<String> cmd = new ArrayList<>(List.of(Peers.PYTHON, py.toString(), first, second,
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.torsion.runner.Main", "passwd"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    int at = out.lastIndexOf("EXIT ");
    assertThat(at).as(out).isPositive();
    return new Result(Integer.parseInt(out.substring(at + 5).strip()), out.substring(0, at));
  }

  @Test
  void onATerminalItAsksTwiceWithoutEcho() throws Exception {
    Peers.require(Peers.PYTHON);
    Path file = dir.resolve("users.passwd");
    Result r = onATerminal("typed-s3cret", "typed-s3cret", "--cost", "4", file.toString(), "alice");

    assertThat(r.status()).as(r.stderr()).isZero();
    assertThat(r.stderr()).contains("Password for alice: ").contains("Again: ")
        .doesNotContain("typed-s3cret");
    String line = Files.readAllLines(file).get(0);
    assertThat(PasswordHash.verify("typed-s3cret", line.substring("alice:".length()))).isTrue();
  }

  @Test
  void onATerminalTwoDifferentAnswersChangeNothing() throws Exception {
    Peers.require(Peers.PYTHON);
    Path file = dir.resolve("users.passwd");
    Result r = onATerminal("one-thing", "another", file.toString(), "alice");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.stderr()).contains("torsion: the passwords do not match")
        .doesNotContain("one-thing").doesNotContain("another");
    assertThat(file).doesNotExist();
  }
}
