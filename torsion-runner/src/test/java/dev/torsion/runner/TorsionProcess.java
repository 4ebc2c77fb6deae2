package dev.torsion.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real {@code torsion} command as a child process ({@code java -cp <test classpath>
 * dev.torsion.runner.Main ...}), with its output collected line by line so a test can wait for a
 * line (such as "listening on") with a deadline instead of sleeping.
 */
public final class TorsionProcess implements AutoCloseable {
  public static final Duration DEADLINE = Duration.ofSeconds(30);

  private final Process process;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<String> stdout = new ArrayList<>();
  private final List<String> stderr = new ArrayList<>();
  private int streamsOpen = 2;

  private TorsionProcess(Process process) {
    this.process = process;
    pump(process.getInputStream(), stdout, "stdout");
    pump(process.getErrorStream(), stderr, "stderr");
  }

  /** Starts {@code Main} with {@code args}; {@code jvmArgs} go before the class name. */
  public static TorsionProcess start(Path dir, List<String> jvmArgs, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.torsion.runner.Main");
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    return new TorsionProcess(pb.start());
  }

  /** Any other program (a peer such as python3's http.server), with the same line waiting. */
  public static TorsionProcess exec(Path dir, List<String> command) throws IOException {
    return exec(dir, command, java.util.Map.of());
  }

  /** As above, with {@code env} added to the child's environment. */
  public static TorsionProcess exec(Path dir, List<String> command, java.util.Map<String, String> env)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    return new TorsionProcess(pb.start());
  }

  public static TorsionProcess start(Path dir, String... args) throws IOException {
    return start(dir, List.of(), args);
  }

  private void pump(InputStream in, List<String> into, String name) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lock.lock();
                  try {
                    into.add(line);
                    changed.signalAll();
                  } finally {
                    lock.unlock();
                  }
                }
              } catch (IOException e) {
                // the process is gone
              } finally {
                lock.lock();
                try {
                  streamsOpen--;
                  changed.signalAll();
                } finally {
                  lock.unlock();
                }
              }
            },
            "torsion-" + name);
    t.setDaemon(true);
    t.start();
  }

  /** Waits for a line of stdout or stderr matching {@code regex}; returns its match. */
  public Matcher awaitLine(String regex) throws InterruptedException {
    return awaitLines(regex, 1);
  }

  /** How many lines of stdout and stderr so far match {@code regex}. */
  public int countLines(String regex) {
    Pattern p = Pattern.compile(regex);
    lock.lock();
    try {
      return (int) (stdout.stream().filter(l -> p.matcher(l).find()).count()
          + stderr.stream().filter(l -> p.matcher(l).find()).count());
    } finally {
      lock.unlock();
    }
  }

  /** Waits until {@code count} lines of stdout or stderr match {@code regex}; the last match. */
  public Matcher awaitLines(String regex, int count) throws InterruptedException {
    Pattern p = Pattern.compile(regex);
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    int found = 0;
    lock.lock();
    try {
      int seenOut = 0;
      int seenErr = 0;
      while (true) {
        for (; seenOut < stdout.size(); seenOut++) {
          Matcher m = p.matcher(stdout.get(seenOut));
          if (m.find() && ++found >= count) {
            return m;
          }
        }
        for (; seenErr < stderr.size(); seenErr++) {
          Matcher m = p.matcher(stderr.get(seenErr));
          if (m.find() && ++found >= count) {
            return m;
          }
        }
        if (streamsOpen == 0) {
          throw new AssertionError("the process ended with " + found + " of " + count
              + " lines matching /" + regex + "/:\n" + tail());
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(found + " of " + count + " lines matching /" + regex
              + "/ in time:\n" + tail());
        }
        changed.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Waits for the process and its output to end; returns the exit status. */
  public int waitFor() throws InterruptedException {
    if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the process did not exit in time:\n" + output());
    }
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    lock.lock();
    try {
      while (streamsOpen > 0 && System.nanoTime() < deadline) {
        changed.awaitNanos(deadline - System.nanoTime());
      }
    } finally {
      lock.unlock();
    }
    return process.exitValue();
  }

  /** Sends SIGTERM (not Process.destroy(), which also closes our end of its output). */
  public void terminate() throws IOException, InterruptedException {
    signal("TERM");
  }

  /** Sends a signal by name ("INT", "TERM"). */
  public void signal(String name) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
  }

  public long pid() {
    return process.pid();
  }

  public List<String> stdout() {
    lock.lock();
    try {
      return List.copyOf(stdout);
    } finally {
      lock.unlock();
    }
  }

  public List<String> stderr() {
    lock.lock();
    try {
      return List.copyOf(stderr);
    } finally {
      lock.unlock();
    }
  }

  /** The last 40 lines of each stream: an access log on stdout makes the whole too long. */
  private String tail() {
    List<String> out = stdout();
    List<String> err = stderr();
    return "stdout (" + out.size() + " lines, the last 40):\n"
        + String.join("\n", out.subList(Math.max(0, out.size() - 40), out.size()))
        + "\nstderr:\n" + String.join("\n", err.subList(Math.max(0, err.size() - 40), err.size()));
  }

  public String output() {
    return "stdout:\n" + String.join("\n", stdout()) + "\nstderr:\n" + String.join("\n", stderr());
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
