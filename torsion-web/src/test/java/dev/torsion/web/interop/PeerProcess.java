package dev.torsion.web.interop;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A long-running peer program (a proxy, a server) whose stdout lines a test reads with a deadline. */
final class PeerProcess implements AutoCloseable {
  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final Path log;

  PeerProcess(List<String> command, Path log) throws Exception {
    this.log = log;
    process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    process.getOutputStream().close();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (java.io.IOException e) {
        // the process is gone
      }
    }, "peer-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** The next stdout line, waiting at most 10 s. */
  String nextLine() throws Exception {
    String line = lines.poll(10, TimeUnit.SECONDS);
    if (line == null) {
      throw new AssertionError("no output from " + process.info().command().orElse("peer")
          + " in time; stderr: " + java.nio.file.Files.readString(log));
    }
    return line;
  }

  /** The stdout lines printed so far and not yet read. */
  List<String> drainLines() {
    List<String> out = new java.util.ArrayList<>();
    lines.drainTo(out);
    return out;
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
