package dev.torsion.internet.internal;

import dev.torsion.internet.Log;
import dev.torsion.internet.ProcessExit;
import dev.torsion.internet.ProcessExitedAlready;
import dev.torsion.internet.ProcessProtocol;
import dev.torsion.internet.ProcessTransport;
import dev.torsion.internet.Reactor;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@link ProcessTransport} of one child process: its three pipes and its exit, turned into
 * ProcessProtocol events on the reactor thread.
 *
 * <pre>
 *   stdout reader thread --chunk/EOF--+
 *   stderr reader thread --chunk/EOF--+--callFromThread--> reactor thread --> ProcessProtocol
 *   stdin writer thread  ----lost-----+
 *   JDK reaper (onExit)  ----exit-----+
 * </pre>
 *
 * All fields but the helpers' own are touched on the reactor thread only. processEnded comes
 * last, once the process has exited and all three pipes are closed, as in Twisted.
 *
 * <p>Exit status. The JDK reports a death by signal N as exit code 128+N, the same number a
 * process gets from {@code exit(128+N)}, and by the time we learn of the exit the kernel's
 * distinction is gone (the JDK's reaper consumed the wait status). So we report a signal only
 * when we sent that signal through {@link #signalProcess} and the code is 128+N; every other
 * status is reported as an exit code. Limits: a child killed by a signal from elsewhere (a crash
 * with SIGSEGV, {@code kill} from a shell) shows as exit code 128+N; a child that catches our
 * signal and then exits with 128+N by hand shows as killed by it.
 */
final class ProcessConnection implements ProcessTransport {
  private final Reactor reactor;
  private final ProcessProtocol protocol;
  private final Process process;
  private final String description;
  private final ProcessOutputReader stdout;
  private final ProcessOutputReader stderr;
  private final ProcessInputWriter stdin;

  private long signalsSent; // bit N set once we sent signal N
  private ProcessExit exit;
  private boolean outClosed;
  private boolean errClosed;
  private boolean inClosed;
  private boolean ended;

  ProcessConnection(Reactor reactor, ProcessProtocol protocol, Process process, String executable) {
    this.reactor = reactor;
    this.protocol = protocol;
    this.process = process;
    long pid = process.pid();
    this.description = executable + " (pid " + pid + ")";
    String prefix = "torsion-process-" + pid + "-";
    this.stdout = new ProcessOutputReader(
        reactor, process.getInputStream(), prefix + "stdout", this::outReceived, this::outLost);
    this.stderr = new ProcessOutputReader(
        reactor, process.getErrorStream(), prefix + "stderr", this::errReceived, this::errLost);
    this.stdin = new ProcessInputWriter(
        reactor, process.getOutputStream(), prefix + "stdin", this::inLost);
  }

  /** Starts reading and watching for the exit; after makeConnection, so connectionMade is first. */
  void start() {
    stdout.start();
    stderr.start();
    process.onExit().whenComplete((p, error) -> reactor.callFromThread(this::exited));
  }

  @Override
  public void write(byte[] data) {
    if (exit == null) {
      stdin.write(data);
    }
  }

  @Override
  public void closeStdin() {
    stdin.close();
  }

  @Override
  public void signalProcess(String signal) {
    String name = ProcessSignals.normalize(signal);
    if (exit != null || !process.isAlive()) {
      throw new ProcessExitedAlready("cannot send SIG" + name + ": " + description + " has exited");
    }
    int number = ProcessSignals.number(name);
    signalsSent |= 1L << number;
    switch (name) {
      case "TERM":
        process.destroy(); // SIGTERM on Unix; the JDK guards against a reaped, reused pid
        break;
      case "KILL":
        process.destroyForcibly(); // SIGKILL on Unix
        break;
      default:
        // Java has no call for other signals; the shell's kill builtin, off the reactor thread.
        reactor.callInThread(() -> sendWithKill(name));
    }
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public void pauseProducing() {
    stdout.pause();
    stderr.pause();
  }

  @Override
  public void resumeProducing() {
    stdout.resume();
    stderr.resume();
  }

  @Override
  public void loseConnection() {
    stdin.close();
    stdout.stop();
    stderr.stop();
  }

  @Override
  public String toString() {
    return "ProcessTransport(" + description + ")";
  }

  private void sendWithKill(String name) {
    if (!process.isAlive()) {
      return; // it died since; the pid may already belong to someone else
    }
    try {
      Process kill = new ProcessBuilder(
              "/bin/sh", "-c", "kill -s \"$0\" \"$1\"", name, Long.toString(process.pid()))
          .redirectErrorStream(true)
          .start();
      kill.getOutputStream().close();
      byte[] output = kill.getInputStream().readAllBytes();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        Log.err(new IOException("kill -s " + name + " " + process.pid() + " failed: "
            + new String(output).trim()), "signalProcess on " + description);
      }
    } catch (IOException e) {
      Log.err(e, "signalProcess on " + description);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // --- events, on the reactor thread ---

  private void exited() {
    if (exit != null) {
      return;
    }
    int code = process.exitValue();
    int maybeSignal = code - 128;
    if (maybeSignal > 0 && maybeSignal < 64 && (signalsSent & (1L << maybeSignal)) != 0) {
      exit = new ProcessExit(-1, maybeSignal);
    } else {
      exit = new ProcessExit(code, 0);
    }
    try {
      protocol.processExited(exit);
    } catch (Throwable t) {
      Log.err(t, "Unhandled error in processExited of " + protocol);
    }
    stdin.abort(); // nobody reads it any more
    maybeEnded();
  }

  private void outReceived(byte[] data) {
    try {
      protocol.outReceived(data);
    } catch (Throwable t) {
      Log.err(t, "Unhandled error in outReceived of " + protocol + "; closing its stdout");
      stdout.stop(); // as Twisted drops the pipe whose handler failed
    }
  }

  private void errReceived(byte[] data) {
    try {
      protocol.errReceived(data);
    } catch (Throwable t) {
      Log.err(t, "Unhandled error in errReceived of " + protocol + "; closing its stderr");
      stderr.stop();
    }
  }

  private void outLost() {
    outClosed = true;
    call(protocol::outConnectionLost, "outConnectionLost");
    maybeEnded();
  }

  private void errLost() {
    errClosed = true;
    call(protocol::errConnectionLost, "errConnectionLost");
    maybeEnded();
  }

  private void inLost() {
    inClosed = true;
    call(protocol::inConnectionLost, "inConnectionLost");
    maybeEnded();
  }

  private void maybeEnded() {
    if (ended || exit == null || !outClosed || !errClosed || !inClosed) {
      return;
    }
    ended = true;
    // Each helper posted its last event just before ending; waiting for that last instruction
    // is brief, and it means no thread of this process outlives processEnded.
    for (Thread t : helperThreads()) {
      joinUninterruptibly(t);
    }
    call(() -> protocol.processEnded(exit), "processEnded");
  }

  private List<Thread> helperThreads() {
    Thread writer = stdin.thread();
    return writer == null
        ? List.of(stdout.thread(), stderr.thread())
        : List.of(stdout.thread(), stderr.thread(), writer);
  }

  private void call(Runnable event, String name) {
    try {
      event.run();
    } catch (Throwable t) {
      Log.err(t, "Unhandled error in " + name + " of " + protocol);
    }
  }

  private static void joinUninterruptibly(Thread t) {
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
