package dev.torsion.trial;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a peer program (curl, lftp, a Python client) to its end, 60 seconds at most before it is
 * killed, feeding it stdin and capturing its output; for interop tests that check a real
 * program's exit status and what it printed.
 *
 * <pre>{@code
 * PeerProcess.Result r = PeerProcess.run(List.of(Peers.require("curl"), "-sS", url));
 * assertThat(r.exit()).as(r.all()).isZero();
 * }</pre>
 */
public final class PeerProcess {
  public record Result(int exit, String stdout, String stderr) {
    public String all() {
      return "exit " + exit + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }

  private PeerProcess() {}

  public static Result run(List<String> command) throws Exception {
    return run(command, new byte[0]);
  }

  public static Result run(List<String> command, byte[] stdin) throws Exception {
    Process p = new ProcessBuilder(new ArrayList<>(command)).start();
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin);
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(command.get(0) + " did not finish; stderr: "
          + err.getNow("") + " stdout: " + out.getNow(""));
    }
    return new Result(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
  }

  private static CompletableFuture<String> drain(InputStream s) {
    CompletableFuture<String> f = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        f.complete(new String(s.readAllBytes(), StandardCharsets.UTF_8));
      } catch (java.io.IOException e) {
        f.completeExceptionally(e);
      }
    }, "peer-output");
    t.setDaemon(true);
    t.start();
    return f;
  }
}
