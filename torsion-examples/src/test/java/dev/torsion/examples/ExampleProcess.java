package dev.torsion.examples;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code torsion run examples/NAME.java} as a real child process ({@code java -cp <test
 * classpath> dev.torsion.runner.Main run ...}, which is what {@code ./torsion} execs), with its
 * output gathered line by line so a test waits for a line with a deadline instead of sleeping.
 * This is how the tests check the output the tutorial shows.
 *
 * <pre>{@code
 * try (ExampleProcess p = ExampleProcess.run("EchoServer", "-Decho.listen=tcp:0")) {
 *   int port = Integer.parseInt(p.awaitLine("listening on tcp:\\S+ \\(\\S+:(\\d+)\\)").group(1));
 * }
 * }</pre>
 */
final class ExampleProcess implements AutoCloseable {
  static final long DEADLINE_SECONDS = 60;

  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private int streamsOpen = 2;

  private ExampleProcess(Process process) {
    this.process = process;
    gather(process.getInputStream());
    gather(process.getErrorStream());
  }

  /** Starts {@code torsion run examples/NAME.java}; {@code jvmArgs} are -D properties. */
  static ExampleProcess run(String example, String... jvmArgs) throws IOException {
    return torsion(jvmArgs, "run", "examples/" + example + ".java");
  }

  /** Starts {@code torsion ARGS...} in the repository's root, as a reader would type it. */
  static ExampleProcess torsion(String[] jvmArgs, String... args) throws IOException {
    return java(Example.DIR.getParent(), jvmArgs, "dev.torsion.runner.Main", args);
  }

  /** Starts {@code java -cp <test classpath> MAIN ARGS...} in {@code dir}, such as a peer run from a jar. */
  static ExampleProcess java(Path dir, String[] jvmArgs, String mainClass, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmArgs));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(List.of(args));
    return command(dir, command);
  }

  /** Starts any program, such as a browser a test drives, with its output gathered the same way. */
  static ExampleProcess command(Path dir, List<String> command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    return new ExampleProcess(pb.start());
  }

  private void gather(InputStream in) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (this) {
            lines.add(line);
            notifyAll();
          }
        }
      } catch (IOException e) {
        // the process is gone; what it printed is in lines
      } finally {
        synchronized (this) {
          streamsOpen--;
          notifyAll();
        }
      }
    }, "example-output");
    t.setDaemon(true);
    t.start();
  }

  /** Waits for a line (stdout or stderr) matching {@code regex}; returns its match. */
  synchronized Matcher awaitLine(String regex) throws InterruptedException {
    Pattern p = Pattern.compile(regex);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
    int seen = 0;
    while (true) {
      for (; seen < lines.size(); seen++) {
        Matcher m = p.matcher(lines.get(seen));
        if (m.find()) {
          return m;
        }
      }
      if (streamsOpen == 0) {
        throw new AssertionError("the example ended without printing /" + regex + "/:\n" + output());
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no line matching /" + regex + "/ in time:\n" + output());
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /** The port in the runner's "NAME listening on tcp:0 (127.0.0.1:PORT)" log line (the n-th such line). */
  int awaitListeningPort() throws InterruptedException {
    return Integer.parseInt(awaitLine("listening on tcp:\\S+ \\([0-9.]+:(\\d+)\\)").group(1));
  }

  /** Waits for the process to exit and its output to end; returns the exit status. */
  int waitFor() throws InterruptedException {
    return waitFor(DEADLINE_SECONDS);
  }

  /** Waits up to {@code seconds} for the process to exit and its output to end; returns the exit status. */
  int waitFor(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the example did not exit in time:\n" + output());
    }
    synchronized (this) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
      while (streamsOpen > 0 && System.nanoTime() < deadline) {
        TimeUnit.NANOSECONDS.timedWait(this, deadline - System.nanoTime());
      }
    }
    return process.exitValue();
  }

  /** Sends SIGTERM, as {@code kill} would. (Process.destroy would also close our end of its output.) */
  void terminate() {
    process.toHandle().destroy();
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  synchronized String output() {
    return String.join("\n", lines);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.descendants().forEach(ProcessHandle::destroyForcibly); // a browser's renderers
      process.destroyForcibly();
      process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }
  }
}
