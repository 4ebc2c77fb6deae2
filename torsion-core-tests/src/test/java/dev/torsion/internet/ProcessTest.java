package dev.torsion.internet;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.torsion.internet.internal.ProcessSpawner;
import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spawns real {@code sh}, {@code cat} and {@code sleep} through the stand-in reactor. */
class ProcessTest {
  private final ThreadsTestReactor reactor = new ThreadsTestReactor();

  @BeforeAll
  static void needsAUnixShell() {
    assumeTrue(new File("/bin/sh").canExecute(), "these tests need /bin/sh");
  }

  @AfterEach
  void closeReactor() throws Exception {
    reactor.close();
    assertThat(processThreads()).as("process helper threads left behind").isEmpty();
  }

  static Set<String> processThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("torsion-process-"))
        .collect(Collectors.toSet());
  }

  private ProcessTransport spawn(ProcessTestProtocol protocol, List<String> args) throws Exception {
    return spawn(protocol, args, null, null);
  }

  private ProcessTransport spawn(
      ProcessTestProtocol protocol, List<String> args, Map<String, String> env, String path)
      throws Exception {
    return reactor.onReactor(
        () -> ProcessSpawner.spawn(reactor, protocol, args.get(0), args, env, path));
  }

  @Test
  void echoesThroughCat() throws Exception {
    ProcessTestProtocol protocol = new ProcessTestProtocol();
    ProcessTransport transport = spawn(protocol, List.of("cat", "-"));

    reactor.onReactor(() -> {
      transport.write("hello, ".getBytes(UTF_8));
      transport.write("cat\n".getBytes(UTF_8));
      transport.closeStdin();
      return null;
    });
    ProcessExit status = protocol.awaitEnded();

    assertThat(protocol.out()).isEqualTo("hello, cat\n");
    assertThat(status).isEqualTo(new ProcessExit(0, 0));
    assertThat(status.isSuccess()).isTrue();
    assertThat(protocol.eventThread).isSameAs(reactor.reactorThread());
    assertThat(protocol.events).first().isEqualTo("connectionMade");
    assertThat(protocol.events).last().isEqualTo("processEnded");
    assertThat(protocol.events).containsOnlyOnce(
        "inConnectionLost", "outConnectionLost", "errConnectionLost", "processExited");
  }

  @Test
  void echoesALargeInputThroughCatWithoutLosingBytes() throws Exception {
    ProcessTestProtocol protocol = new ProcessTestProtocol();
    ProcessTransport transport = spawn(protocol, List.of("cat"));
    String line = "0123456789abcdefghijklmnopqrstuvwxyz\n";
    String big = line.repeat(30_000); // ~1 MB: more than any pipe buffer, both ways

    reactor.onReactor(() -> {
      transport.write(big.getBytes(UTF_8));
      transport.closeStdin();
      return null;
    });
    protocol.awaitEnded();

    assertThat(protocol.out()).isEqualTo(big);
  }

  /** Records output chunks as events too, and how much output had come when each pipe ended. */
  static final class OrderRecorder extends ProcessTestProtocol {
    long outBytes;
    long errBytes;
    long outBytesAtOutLost = -1;
    long errBytesAtErrLost = -1;

    @Override
    public void outReceived(byte[] data) {
      events.add("outReceived");
      outBytes += data.length;
    }

    @Override
    public void errReceived(byte[] data) {
      events.add("errReceived");
      errBytes += data.length;
    }

    @Override
    public void outConnectionLost() {
      outBytesAtOutLost = outBytes;
      super.outConnectionLost();
    }

    @Override
    public void errConnectionLost() {
      errBytesAtErrLost = errBytes;
      super.errConnectionLost();
    }
  }

  @Test
  void everyOutputChunkArrivesBeforeItsPipeIsLostAndProcessEndedComesLastAfterProcessExited()
      throws Exception {
    // Given a child that writes more than a pipe holds to both streams, then exits at once: its
    // exit races the readers, which still have most of the output to deliver.
    OrderRecorder protocol = new OrderRecorder();
    spawn(protocol, List.of("sh", "-c",
        "head -c 300000 /dev/zero | tr '\\0' o; head -c 200000 /dev/zero | tr '\\0' e >&2"));

    ProcessExit status = protocol.awaitEnded();

    // Then each stream's bytes have all been delivered when its ConnectionLost comes ...
    assertThat(status.isSuccess()).isTrue();
    assertThat(protocol.outBytesAtOutLost).isEqualTo(300_000);
    assertThat(protocol.errBytesAtErrLost).isEqualTo(200_000);
    List<String> events = List.copyOf(protocol.events);
    assertThat(events.lastIndexOf("outReceived")).isLessThan(events.indexOf("outConnectionLost"));
    assertThat(events.lastIndexOf("errReceived")).isLessThan(events.indexOf("errConnectionLost"));
    // ... and processEnded is the very last event, after processExited, each exactly once.
    assertThat(events).first().isEqualTo("connectionMade");
    assertThat(events).last().isEqualTo("processEnded");
    assertThat(events).containsOnlyOnce(
        "inConnectionLost", "outConnectionLost", "errConnectionLost", "processExited", "processEnded");
    assertThat(events.indexOf("processExited")).isLessThan(events.indexOf("processEnded"));
  }

  @Test
  void reportsTheExitCode() throws Exception {
    ProcessTestProtocol protocol = new ProcessTestProtocol();
    spawn(protocol, List.of("sh", "-c", "exit 3"));

    ProcessExit status = protocol.awaitEnded();

    assertThat(status).isEqualTo(new ProcessExit(3, 0));
    assertThat(status.isSuccess()).isFalse();
    assertThat(protocol.exited.getNow(null)).isEqualTo(status);
  }

  @Test
  void anExitCodeAbove128WithoutOurSignalIsAnExitCode() throws Exception {
    ProcessTestProtocol protocol = new ProcessTestProtocol();
    spawn(protocol, List.of("sh", "-c", "exit 143"));

    assertThat(protocol.awaitEnded()).isEqualTo(new ProcessExit(143, 0));
  }

  @Test
  void deliversStandardError() throws Exception {
    ProcessTestProtocol protocol = new ProcessTestProtocol();
    spawn(protocol, List.of("sh", "-c", "echo err >&2; echo out"));

    protocol.awaitEnded();

    assertThat(protocol.err()).isEqualTo("err\n");
    assertThat(protocol.out()).isEqualTo("out\n");
  }

  @Test
  void termKillsWithSignal15() throws Exception {
    ProcessTestProtocol protocol = new ProcessTestProtocol();
    ProcessTransport transport = spawn(protocol, List.of("sleep", "60"));

    reactor.onReactor(() -> {
      transport.signalProcess("TERM");
      return null;
    });

    assertThat(protocol.awaitEnded()).isEqualTo(new ProcessExit(-1, 15));
  }

  @Test
  void killKillsWithSignal9() throws Exception {
    ProcessTestProtocol protocol = new ProcessTestProtocol();
    ProcessTransport transport = spawn(protocol, List.of("sleep", "60"));

    reactor.onReactor(() -> {
      transport.signalProcess("SIGKILL");
      return null;
    });

    assertThat(protocol.awaitEnded()).isEqualTo(new ProcessExit(-1, 9));
  }

  @Test
  void otherSignalsGoThroughKill() throws Exception {
    assumeTrue(System.getProperty("os.name").startsWith("Linux"), "USR1 is 10 on Linux only");
    ProcessTestProtocol protocol = new ProcessTestProtocol();
    ProcessTransport transport = spawn(protocol, List.of("sleep", "60"));

    reactor.onReactor(() -> {
      transport.signalProcess("USR1");
      return null;
    });

    assertThat(protocol.awaitEnded()).isEqualTo(new ProcessExit(-1, 10));
  }

  @Test
  void signallingAnExitedProcessThrowsProcessExitedAlready() throws Exception {
    ProcessTestProtocol protocol = new ProcessTestProtocol();
    ProcessTransport transport = spawn(protocol, List.of("sh", "-c", "exit 0"));
    protocol.awaitEnded();

    Throwable thrown = reactor.onReactor(() -> {
      try {
        transport.signalProcess("TERM");
        return null;
      } catch (Throwable t) {
        return t;
      }
    });

    assertThat(thrown).isInstanceOf(ProcessExitedAlready.class).hasMessageContaining("TERM");
  }

  @Test
  void unknownSignalNamesAreRefused() throws Exception {
    ProcessTestProtocol protocol = new ProcessTestProtocol();
    ProcessTransport transport = spawn(protocol, List.of("cat"));

    Throwable thrown = reactor.onReactor(() -> {
      try {
        transport.signalProcess("NOPE; rm -rf /");
        return null;
      } catch (Throwable t) {
        return t;
      } finally {
        transport.closeStdin();
      }
    });

    assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NOPE");
    assertThat(protocol.awaitEnded().isSuccess()).isTrue();
  }

  @Test
  void theEnvironmentIsExactlyTheGivenMap() throws Exception {
    ProcessTestProtocol protocol = new ProcessTestProtocol();
    spawn(protocol, List.of("/bin/sh", "-c", "echo \"$GREETING|$HOME\""),
        Map.of("GREETING", "hi there"), null);

    protocol.awaitEnded();

    assertThat(protocol.out()).isEqualTo("hi there|\n");
  }

  @Test
  void aNullEnvironmentIsInherited() throws Exception {
    assumeTrue(System.getenv("PATH") != null, "needs PATH in our environment");
    ProcessTestProtocol protocol = new ProcessTestProtocol();
    spawn(protocol, List.of("sh", "-c", "echo \"$PATH\""));

    protocol.awaitEnded();

    assertThat(protocol.out()).isEqualTo(System.getenv("PATH") + "\n");
  }

  @Test
  void runsInTheGivenDirectory(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("marker.txt"), "found me");
    ProcessTestProtocol protocol = new ProcessTestProtocol();
    spawn(protocol, List.of("sh", "-c", "cat marker.txt"), null, dir.toString());

    assertThat(protocol.awaitEnded().isSuccess()).isTrue();
    assertThat(protocol.out()).isEqualTo("found me");
  }

  @Test
  void argsAfterTheProgramNameReachTheProgram() throws Exception {
    ProcessTestProtocol protocol = new ProcessTestProtocol();
    spawn(protocol, List.of("sh", "-c", "echo \"$0:$1:$2\"", "zero", "one two", "*"));

    protocol.awaitEnded();

    assertThat(protocol.out()).isEqualTo("zero:one two:*\n");
  }

  @Test
  void aMissingProgramFailsAtOnceNamingIt() {
    ProcessTestProtocol protocol = new ProcessTestProtocol();
    assertThatThrownBy(() -> reactor.onReactor(() -> ProcessSpawner.spawn(
            reactor, protocol, "/no/such/program", List.of("x"), null, null)))
        .hasRootCauseInstanceOf(java.io.IOException.class)
        .hasCauseInstanceOf(UncheckedIOException.class)
        .cause().hasMessageContaining("/no/such/program");
    assertThat(protocol.events).isEmpty();
  }

  @Test
  void pidIsTheChildsProcessId() throws Exception {
    ProcessTestProtocol protocol = new ProcessTestProtocol();
    ProcessTransport transport = spawn(protocol, List.of("sh", "-c", "echo $$"));

    protocol.awaitEnded();

    assertThat(protocol.out().trim()).isEqualTo(Long.toString(transport.pid()));
  }

  @Test
  void anOutReceivedThatThrowsIsLoggedAndTheProcessStillEnds() throws Exception {
    List<Log.LoggedError> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
    ProcessTestProtocol protocol = new ProcessTestProtocol() {
      @Override
      public void outReceived(byte[] data) {
        throw new IllegalStateException("protocol bug");
      }
    };
    try (AutoCloseable observer = Log.addErrorObserver(logged::add)) {
      spawn(protocol, List.of("sh", "-c", "echo boom"));
      protocol.awaitEnded();
    }
    assertThat(logged).anySatisfy(
        e -> assertThat(e.failure().value()).hasMessage("protocol bug"));
    assertThat(protocol.events).contains("outConnectionLost");
  }

  @Test
  void loseConnectionClosesThePipes() throws Exception {
    ProcessTestProtocol protocol = new ProcessTestProtocol();
    ProcessTransport transport = spawn(protocol, List.of("cat"));

    reactor.onReactor(() -> {
      transport.loseConnection();
      return null;
    });

    // cat sees EOF on stdin and exits; our ends of stdout and stderr are closed.
    assertThat(protocol.awaitEnded().isSuccess()).isTrue();
    assertThat(protocol.events).contains("inConnectionLost", "outConnectionLost", "errConnectionLost");
  }

  @Test
  void aNullInTheEnvironmentIsRefusedNamingIt() {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("EMPTY", null);

    assertThatThrownBy(() -> ProcessSpawner.spawn(
            reactor, new ProcessTestProtocol(), "sh", List.of("sh"), env, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("EMPTY");
  }
}
