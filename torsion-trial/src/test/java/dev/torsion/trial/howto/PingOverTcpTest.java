package dev.torsion.trial.howto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.ClientFactory;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.Reactor;
import dev.torsion.trial.DeferredTest;
import dev.torsion.trial.TrialTimeout;

/** The real-reactor example of docs/howto/testing.md. */
class PingOverTcpTest {
  @DeferredTest
  @TrialTimeout(10)
  Deferred<?> pingOverRealTcp(Reactor reactor) {
    Deferred<Throwable> serverClosed = new Deferred<>();
    Factory factory =
        Factory.forProtocol(
            () ->
                new PingServer(reactor, 30) {
                  @Override
                  public void connectionLost(Failure reason) {
                    super.connectionLost(reason);
                    serverClosed.callback(reason.value());
                  }
                });
    ListeningPort port = reactor.listenTCP(0, factory, 50, "127.0.0.1");
    PingClient client = new PingClient();
    reactor.connectTCP(
        "127.0.0.1", ((IPv4Address) port.getHost()).port(), new ClientFactory(() -> client));

    // Leave nothing behind: wait for both ends to close and the port to stop, or trial fails
    // the test with a DirtyReactorError.
    return client.reply
        .addCallback(reply -> assertThat(reply).isEqualTo("PONG"))
        .addDeferredCallback(ignored -> client.closed)
        .addDeferredCallback(ignored -> serverClosed)
        .addDeferredCallback(ignored -> port.stopListening());
  }
}
