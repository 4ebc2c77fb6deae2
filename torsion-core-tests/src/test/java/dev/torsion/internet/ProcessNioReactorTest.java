package dev.torsion.internet;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A child process driven by the real selector reactor rather than the test stand-in. */
class ProcessNioReactorTest {
  @Test
  void spawnProcessOnARealReactorDeliversOutputAndExitOnTheReactorThread() throws Exception {
    assumeTrue(new File("/bin/sh").canExecute(), "needs /bin/sh");
    NioReactor reactor = new NioReactor();
    ProcessTestProtocol protocol = new ProcessTestProtocol() {
      @Override
      public void processEnded(ProcessExit status) {
        super.processEnded(status);
        reactor.stop();
      }
    };
    reactor.callWhenRunning(() -> {
      ProcessTransport transport = reactor.spawnProcess(
          protocol, "sh", List.of("sh", "-c", "read line; echo \"got $line\"; exit 4"), null, null);
      transport.write("ping\n".getBytes(UTF_8));
    });
    Thread reactorThread = new Thread(reactor::run, "process-test-reactor");
    reactorThread.start();

    ProcessExit status = protocol.awaitEnded();
    reactorThread.join(TimeUnit.SECONDS.toMillis(20));

    assertThat(reactorThread.isAlive()).as("reactor stopped").isFalse();
    assertThat(status).isEqualTo(new ProcessExit(4, 0));
    assertThat(protocol.out()).isEqualTo("got ping\n");
    assertThat(protocol.eventThread).isSameAs(reactorThread);
    assertThat(protocol.events).first().isEqualTo("connectionMade");
    assertThat(protocol.events).last().isEqualTo("processEnded");
    assertThat(ProcessTest.processThreads()).isEmpty();
  }

  /**
   * A protocol that pauses the transport on every chunk and resumes it from a timer sees all of a
   * child's output, in order, none of it while paused, and the end of stdout after the last chunk.
   */
  @Test
  void pausedProcessOutputWaitsForResume() throws Exception {
    assumeTrue(new File("/bin/sh").canExecute(), "needs /bin/sh");
    NioReactor reactor = new NioReactor();
    int size = 1 << 20;
    List<String> violations = new ArrayList<>();
    CompletableFuture<long[]> done = new CompletableFuture<>();
    ProcessProtocol protocol = new ProcessProtocol() {
      boolean paused;
      long received;
      int pauses;
      boolean outLost;

      @Override
      public void outReceived(byte[] data) {
        if (paused) {
          violations.add("data while paused");
        }
        if (outLost) {
          violations.add("data after stdout closed");
        }
        received += data.length;
        paused = true;
        pauses++;
        transport.pauseProducing();
        reactor.callLater(0.001, () -> {
          paused = false;
          transport.resumeProducing();
        });
      }

      @Override
      public void outConnectionLost() {
        if (paused) {
          violations.add("end of stdout while paused");
        }
        outLost = true;
      }

      @Override
      public void processEnded(ProcessExit status) {
        done.complete(new long[] {received, pauses, status.exitCode()});
        reactor.stop();
      }
    };
    reactor.callWhenRunning(() -> reactor.spawnProcess(
        protocol, "sh", List.of("sh", "-c", "head -c " + size + " /dev/zero"), null, null));
    Thread reactorThread = new Thread(reactor::run, "process-pause-test-reactor");
    reactorThread.start();

    long[] result = done.get(60, TimeUnit.SECONDS);
    reactorThread.join(TimeUnit.SECONDS.toMillis(20));

    assertThat(violations).isEmpty();
    assertThat(result[0]).isEqualTo(size);
    assertThat(result[1]).as("paused once per chunk").isGreaterThan(size / (64 * 1024));
    assertThat(result[2]).isZero();
    assertThat(ProcessTest.processThreads()).isEmpty();
  }
}
