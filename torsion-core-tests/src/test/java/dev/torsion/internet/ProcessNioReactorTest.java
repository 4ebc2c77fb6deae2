package dev.torsion.internet;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.util.List;
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
}
