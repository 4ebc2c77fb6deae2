package dev.torsion.internet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TcpFdLeakTest {
  /** Listens, echoes for a few clients, aborts one, fails one connect, then stops the reactor. */
  private static void scenario() {
    NioReactor reactor = new NioReactor();
    ListeningPort port = reactor.listenTCP(0, Factory.forProtocol(TcpEchoTest.Echo::new), 50, "127.0.0.1");
    int n = NioTesting.port(port);
    Deferred<Void> done = new Deferred<>();
    int[] left = {12};
    Runnable oneDone = () -> {
      if (--left[0] == 0) {
        port.stopListening().chainDeferred(done);
      }
    };
    for (int i = 0; i < 10; i++) {
      TcpEchoTest.Collector c = new TcpEchoTest.Collector(("client " + i).getBytes(StandardCharsets.US_ASCII));
      reactor.connectTCP("127.0.0.1", n, new ClientFactory(() -> c));
      c.closed.addBoth(r -> {
        oneDone.run();
        return null;
      });
    }
    reactor.connectTCP("127.0.0.1", n, new ClientFactory(() -> new Protocol() {
      @Override
      public void connectionMade() {
        transport.abortConnection();
      }

      @Override
      public void connectionLost(Failure reason) {
        oneDone.run();
      }
    }));
    reactor.connectTCP("127.0.0.1", 1, new ClientFactory(Protocol::new) {
      @Override
      public void clientConnectionFailed(Connector connector, Failure reason) {
        oneDone.run();
      }
    });
    NioTesting.runUntil(reactor, done, 20);
  }

  @Test
  void noDescriptorIsLeftOpenAfterTheReactorStops() throws Exception {
    scenario(); // warm up: class loading opens jars, the JDK opens its own descriptors once
    long before = NioTesting.openFds();
    scenario();
    long after = NioTesting.openFds();
    assertThat(after).isEqualTo(before);
  }
}
