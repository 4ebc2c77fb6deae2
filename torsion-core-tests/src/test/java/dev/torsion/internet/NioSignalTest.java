package dev.torsion.internet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NioSignalTest {
  @ParameterizedTest(name = "SIG{0}")
  @ValueSource(strings = {"TERM", "INT"})
  void sigtermAndSigintStopTheReactorGracefully(String signal) throws Exception {
    Assumptions.assumeTrue(new java.io.File("/bin/kill").canExecute() || new java.io.File("/usr/bin/kill").canExecute(),
        "needs the kill command to send ourselves a signal");
    NioReactor reactor = new NioReactor();
    List<String> events = new CopyOnWriteArrayList<>();
    reactor.addSystemEventTrigger(Reactor.Phase.BEFORE, "shutdown", () -> events.add("shutdown triggers ran"));
    reactor.listenTCP(0, Factory.forProtocol(Protocol::new), 50, "127.0.0.1");
    reactor.installSignalHandlers();
    Thread t = new Thread(reactor::run, "signalled-reactor");
    t.start();
    // Once it runs, it signals itself: the handler must turn the signal into a graceful stop.
    // (Each test installs fresh handlers, so the second test's signal is a first signal again.)
    reactor.callFromThread(() -> {
      try {
        new ProcessBuilder("kill", "-" + signal, Long.toString(ProcessHandle.current().pid()))
            .inheritIO().start();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    t.join(TimeUnit.SECONDS.toMillis(20));
    assertThat(t.isAlive()).as("reactor stopped by SIG" + signal).isFalse();
    assertThat(events).containsExactly("shutdown triggers ran");
    assertThat(reactor.openPorts()).isEmpty();
  }

  /** Runs SignalledProgram in a child JVM; its exit status and what it printed. */
  private static String[] runChild(String when, String signal) throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
        SignalledProgram.class.getName(), when, signal)
        .redirectErrorStream(true)
        .start();
    child.getOutputStream().close();
    boolean done = child.waitFor(60, TimeUnit.SECONDS);
    if (!done) {
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(done).as("the child JVM ended").isTrue();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new String[] {Integer.toString(child.exitValue()), out};
  }

  @ParameterizedTest(name = "SIG{0}")
  @CsvSource({"TERM, 143", "INT, 130"})
  void aSecondSignalWhileStoppingExitsAtOnceWith128PlusTheSignal(String signal, int status)
      throws Exception {
    assumeKill();
    String[] result = runChild("while-stopping", signal);

    assertThat(result[1]).contains("stopping").doesNotContain("run returned").doesNotContain("hook ran");
    assertThat(Integer.parseInt(result[0])).as(result[1]).isEqualTo(status);
  }

  @ParameterizedTest(name = "SIG{0}")
  @CsvSource({"TERM, 143", "INT, 130"})
  void aSignalAfterRunReturnedIsTheJvmsOrderlyExitNotAHalt(String signal, int status)
      throws Exception {
    assumeKill();
    String[] result = runChild("after-run", signal);

    assertThat(result[1]).contains("run returned", "hook ran").doesNotContain("still alive");
    assertThat(Integer.parseInt(result[0])).as(result[1]).isEqualTo(status);
  }

  private static void assumeKill() {
    Assumptions.assumeTrue(new java.io.File("/bin/kill").canExecute() || new java.io.File("/usr/bin/kill").canExecute(),
        "needs the kill command to send a signal");
  }
}
