package dev.torsion.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.ProcessExit;
import dev.torsion.internet.ProcessProtocol;
import dev.torsion.internet.Reactor;
import dev.torsion.trial.DeferredTest;
import dev.torsion.trial.TrialTimeout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** examples/ProcessRunner.java: line splitting on fed chunks, a real child, and the whole run. */
@TrialTimeout(20)
class ProcessRunnerTest {
  private final Example runner = Example.load("ProcessRunner");

  @Test
  void linesCutAcrossChunksComeOutWholeAndStreamsStayApart() {
    List<String> lines = new ArrayList<>();
    ProcessProtocol streamer = runner.make("LineStreamer", (Consumer<String>) lines::add);
    streamer.outReceived(bytes("hel"));
    streamer.errReceived(bytes("war"));
    streamer.outReceived(bytes("lo\nwor"));
    streamer.errReceived(bytes("ning\n"));
    streamer.outReceived(bytes("ld\nno newline at the end"));
    streamer.processEnded(new ProcessExit(0, 0));
    assertThat(lines).containsExactly(
        "out: hello", "err: warning", "out: world", "out: no newline at the end");
  }

  @DeferredTest
  @SuppressWarnings("unchecked")
  Deferred<?> aRealChildsOutputAndExitStatusArrive(Reactor reactor) {
    List<String> lines = new ArrayList<>();
    ProcessProtocol child = runner.call("spawn", reactor,
        List.of("sh", "-c", "echo one; echo two >&2; printf 'thr'; printf 'ee\\n'; exit 3"),
        (Consumer<String>) lines::add);
    Deferred<ProcessExit> ended = (Deferred<ProcessExit>) field(child, "ended");
    return ended.addCallback(status -> {
      assertThat(status.exitCode()).isEqualTo(3);
      assertThat(lines).containsSubsequence("out: one", "out: three").contains("err: two");
      return null;
    });
  }

  @Test
  void asTheTutorialShowsItStreamsTicksThenExits() throws Exception {
    try (ExampleProcess p = ExampleProcess.run("ProcessRunner")) {
      assertThat(p.waitFor()).as(p.output()).isZero();
      assertThat(p.lines()).containsSubsequence("out: tick 1", "out: tick 2", "out: tick 3", "exited: success")
          .contains("err: done");
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Object field(Object o, String name) {
    try {
      java.lang.reflect.Field f = o.getClass().getDeclaredField(name);
      f.setAccessible(true);
      return f.get(o);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
