package dev.torsion.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.application.Application;
import dev.torsion.internet.ConnectionRefusedError;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Reactor;
import dev.torsion.trial.DeferredTest;
import dev.torsion.trial.Trial;
import dev.torsion.trial.TrialTimeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** examples/EchoServer.java and EchoClient.java, in-process and as `torsion run` processes. */
@TrialTimeout(20)
class EchoTest {
  @AfterEach
  void clearProperties() {
    System.clearProperty("echo.listen");
  }

  @DeferredTest
  Deferred<?> theClientGetsItsLineBackFromTheServer(Reactor reactor) {
    System.setProperty("echo.listen", "tcp:0:interface=127.0.0.1");
    Application server = Example.load("EchoServer").application(reactor);
    Example client = Example.load("EchoClient");
    return Example.start(server)
        .addDeferredCallback(ok -> client.<Deferred<String>>call(
            "echo", reactor, "tcp:127.0.0.1:" + Example.port(server), "hello, world"))
        .addCallback(line -> assertThat(line).isEqualTo("hello, world"))
        .addDeferredCallback(ok -> Example.stop(server));
  }

  @DeferredTest
  Deferred<?> theClientReportsARefusedConnection(Reactor reactor) {
    System.setProperty("echo.listen", "tcp:0:interface=127.0.0.1");
    Application server = Example.load("EchoServer").application(reactor);
    Example client = Example.load("EchoClient");
    // Bind a port, then close it, so nothing listens there.
    return Example.start(server)
        .addCallback(ok -> Example.port(server))
        .addDeferredCallback(port -> Example.stop(server).addCallback(ok -> port))
        .addDeferredCallback(port -> Trial.assertFailure(
            client.<Deferred<String>>call("echo", reactor, "tcp:127.0.0.1:" + port, "hi"),
            ConnectionRefusedError.class));
  }

  @Test
  void asTheTutorialShowsTheClientPrintsTheEchoAndExits() throws Exception {
    try (ExampleProcess server = ExampleProcess.run("EchoServer", "-Decho.listen=tcp:0:interface=127.0.0.1")) {
      int port = server.awaitListeningPort();
      server.awaitLine("echo started");
      try (ExampleProcess client = ExampleProcess.run("EchoClient", "-Decho.connect=tcp:127.0.0.1:" + port)) {
        assertThat(client.waitFor()).as(client.output()).isZero();
        assertThat(client.lines()).contains("echoed: hello, world");
      }
      server.terminate();
      assertThat(server.waitFor()).as(server.output()).isZero();
      server.awaitLine("echo stopped");
    }
  }
}
