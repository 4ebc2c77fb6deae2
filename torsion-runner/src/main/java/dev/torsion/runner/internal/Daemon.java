package dev.torsion.runner.internal;

import dev.torsion.plugin.StartupError;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code --daemon}: runs the same command again in a new session, detached from the terminal, and
 * returns once that copy reports that its service is listening (or why it is not).
 *
 * <p>The JVM cannot fork, so instead of twistd's double fork the parent re-executes {@code java}
 * under {@code setsid} with stdin, stdout and stderr on /dev/null (the child logs to its log
 * file), passing a hidden {@code --daemon-ready FILE}. The child writes one line to that file
 * once started: {@code ok PID}, or {@code error STATUS MESSAGE}. The parent waits for the line or
 * for the child's death, bounded by a deadline.
 */
public final class Daemon {
  private static final long READY_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(120);

  private Daemon() {}

  /** In the parent: starts the child and returns the exit status for the parent. */
  public static int launch(List<String> originalArgs, GlobalOptions options) throws IOException {
    Path ready = Files.createTempFile("torsion-ready-", ".txt");
    Files.delete(ready); // the child creates it, atomically, when it has something to say
    List<String> command = new ArrayList<>();
    if (new File("/usr/bin/setsid").canExecute()) {
      command.add("/usr/bin/setsid");
    } else if (new File("/bin/setsid").canExecute()) {
      command.add("/bin/setsid");
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.torsion.runner.Main");
    command.add("--" + GlobalOptions.DAEMON_READY + "=" + ready);
    command.addAll(originalArgs);
    ProcessBuilder pb = new ProcessBuilder(command);
    File devNull = new File("/dev/null");
    pb.redirectInput(devNull);
    pb.redirectOutput(devNull);
    pb.redirectError(devNull);
    Process child = pb.start();
    long deadline = System.nanoTime() + READY_DEADLINE_NANOS;
    try {
      while (true) {
        String line = readReady(ready);
        if (line != null) {
          return report(line);
        }
        if (child.waitFor(20, TimeUnit.MILLISECONDS)) {
          line = readReady(ready);
          if (line != null) {
            return report(line);
          }
          System.err.println(
              "torsion: the background process exited with status "
                  + child.exitValue()
                  + " before it was ready; see "
                  + options.logfile());
          return 1;
        }
        if (System.nanoTime() > deadline) {
          System.err.println(
              "torsion: the background process (PID "
                  + child.pid()
                  + ") did not report ready in time; see "
                  + options.logfile());
          return 1;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } finally {
      Files.deleteIfExists(ready);
    }
  }

  private static String readReady(Path ready) throws IOException {
    try {
      return Files.readString(ready, StandardCharsets.UTF_8).trim();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static int report(String line) {
    if (line.startsWith("ok")) {
      return 0;
    }
    // "error STATUS MESSAGE"
    String[] parts = line.split(" ", 3);
    int status = 1;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (RuntimeException e) {
      // keep 1
    }
    System.err.println("torsion: " + (parts.length > 2 ? parts[2] : "failed to start"));
    return status;
  }

  /** In the child: tells the waiting parent how the start went. */
  public static void reportReady(String readyFile, int status, String message) {
    if (readyFile == null) {
      return;
    }
    Path target = Path.of(readyFile);
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    String line =
        status == 0
            ? "ok " + ProcessHandle.current().pid() + "\n"
            : "error " + status + " " + message.replace('\n', ' ') + "\n";
    try {
      Files.writeString(tmp, line, StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new StartupError("cannot report readiness through " + readyFile + ": " + e.getMessage());
    }
  }
}
