package dev.torsion.internet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A program for NioSignalTest, run in a child JVM since its signals end the process. It runs a
 * reactor with the signal handlers installed and signals itself twice:
 * {@code while-stopping SIG}: the second signal comes while a shutdown trigger holds the stop;
 * {@code after-run SIG}: the second signal comes after run() has returned.
 * It prints what happened; a shutdown hook prints "hook ran", which a halt never does.
 */
final class SignalledProgram {
  private SignalledProgram() {}

  public static void main(String[] args) throws Exception {
    String when = args[0];
    String signal = args[1];
    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("hook ran")));
    NioReactor reactor = new NioReactor();
    reactor.installSignalHandlers();
    if (when.equals("while-stopping")) {
      reactor.addSystemEventTrigger(Reactor.Phase.BEFORE, "shutdown", () -> {
        System.out.println("stopping");
        kill(signal);
        return new Deferred<Void>(); // never fires: only the second signal ends this
      });
    }
    reactor.callWhenRunning(() -> kill(signal));
    reactor.run();
    System.out.println("run returned");
    System.out.flush();
    kill(signal);
    // The signal's handling ends the process long before this; never a sleep to wait for it.
    new CountDownLatch(1).await(20, TimeUnit.SECONDS);
    System.out.println("still alive");
    System.exit(0);
  }

  private static void kill(String signal) {
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(ProcessHandle.current().pid()))
          .inheritIO()
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
