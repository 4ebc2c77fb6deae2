package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.Peers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external program to completion, with a time limit, capturing its output. */
final class Processes {
  record Result(int exit, String stdout, String stderr) {}

  private Processes() {}

  /**
   * Runs {@code curl -sS --max-time SECONDS args...}; skips the test when curl is missing (fails
   * under TORSION_REQUIRE_PEERS=1).
   */
  static Result curl(int maxTimeSeconds, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(
        List.of(Peers.require("curl"), "-sS", "--max-time", String.valueOf(maxTimeSeconds)));
    cmd.addAll(List.of(args));
    return run(cmd);
  }

  /** {@link #curl}, asserting that curl exited 0 (its stderr says why when not). */
  static Result curlOk(int maxTimeSeconds, String... args)
      throws IOException, InterruptedException {
    Result r = curl(maxTimeSeconds, args);
    assertThat(r.exit()).as(r.stderr()).isZero();
    return r;
  }

  static Result run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).start();
    p.getOutputStream().close();
    // Read both streams fully; they are small, and reading stderr on a helper keeps pipes drained.
    var err = new java.util.concurrent.CompletableFuture<String>();
    Thread t = new Thread(() -> {
      try {
        err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        err.complete("");
      }
    });
    t.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command.get(0) + " did not finish");
    }
    t.join(10_000);
    return new Result(p.exitValue(), out, err.getNow(""));
  }
}
