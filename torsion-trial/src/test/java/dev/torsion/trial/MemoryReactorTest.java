package dev.torsion.trial;

import static dev.torsion.trial.Trial.failureResultOf;
import static dev.torsion.trial.Trial.successResultOf;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.ClientFactory;
import dev.torsion.internet.Connector;
import dev.torsion.internet.DNSLookupError;
import dev.torsion.internet.DatagramProtocol;
import dev.torsion.internet.Factory;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.UNIXAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryReactorTest {
  static final class Greeter extends Protocol {
    @Override
    public void connectionMade() {
      transport.write("hello\r\n".getBytes(UTF_8));
    }
  }

  @Test
  void recordsListenTcpAndLetsTheTestDriveTheFactory() {
    MemoryReactor reactor = new MemoryReactor();
    Factory factory = Factory.forProtocol(Greeter::new);
    ListeningPort port = reactor.listenTCP(8080, factory, 10, "127.0.0.1");

    assertThat(reactor.tcpServers).hasSize(1);
    MemoryReactor.TcpServer call = reactor.tcpServers.get(0);
    assertThat(call.port()).isEqualTo(8080);
    assertThat(call.factory()).isSameAs(factory);
    assertThat(call.backlog()).isEqualTo(10);
    assertThat(call.iface()).isEqualTo("127.0.0.1");
    assertThat(port.getHost()).isEqualTo(new IPv4Address("TCP", "127.0.0.1", 8080));

    StringTransport transport = new StringTransport();
    Protocol p = call.connect(transport);
    assertThat(p).isInstanceOf(Greeter.class);
    assertThat(p.getFactory()).isSameAs(factory);
    assertThat(transport.valueString()).isEqualTo("hello\r\n");
  }

  @Test
  void portZeroGetsAPortAndStopListeningIsRecorded() {
    MemoryReactor reactor = new MemoryReactor();
    int[] starts = {0, 0};
    Factory factory =
        new Factory(Greeter::new) {
          @Override
          public void startFactory() {
            starts[0]++;
          }

          @Override
          public void stopFactory() {
            starts[1]++;
          }
        };
    ListeningPort port = reactor.listenTCP(0, factory);
    assertThat(((IPv4Address) port.getHost()).port()).isPositive();
    assertThat(starts).containsExactly(1, 0);
    successResultOf(port.stopListening());
    assertThat(((MemoryReactor.FakePort) port).isListening()).isFalse();
    assertThat(starts).containsExactly(1, 1);
  }

  @Test
  void recordsConnectTcpAndTellsTheFactoryItStarted() {
    MemoryReactor reactor = new MemoryReactor();
    List<Connector> started = new ArrayList<>();
    ClientFactory factory =
        new ClientFactory(Greeter::new) {
          @Override
          public void startedConnecting(Connector connector) {
            started.add(connector);
          }
        };
    Connector c = reactor.connectTCP("example.com", 79, factory, 5, null);
    MemoryReactor.TcpClient call = reactor.tcpClients.get(0);
    assertThat(call.host()).isEqualTo("example.com");
    assertThat(call.port()).isEqualTo(79);
    assertThat(call.timeoutSeconds()).isEqualTo(5);
    assertThat(started).containsExactly(c);
    assertThat(reactor.connectors).containsExactly(call.connector());
    assertThat(c.getDestination()).isEqualTo(new IPv4Address("TCP", "example.com", 79));
    c.stopConnecting();
    assertThat(call.connector().stoppedConnecting).isTrue();
  }

  @Test
  void recordsUdpAndUnixCalls() {
    MemoryReactor reactor = new MemoryReactor();
    DatagramProtocol dp = new DatagramProtocol();
    reactor.listenUDP(5353, dp);
    reactor.listenUNIX("/tmp/x.sock", Factory.forProtocol(Greeter::new));
    reactor.connectUNIX("/tmp/y.sock", new ClientFactory(Greeter::new));
    assertThat(reactor.udpPorts).extracting(MemoryReactor.UdpListen::port).containsExactly(5353);
    assertThat(reactor.udpPorts.get(0).protocol()).isSameAs(dp);
    assertThat(reactor.unixServers.get(0).listeningPort().getHost())
        .isEqualTo(new UNIXAddress("/tmp/x.sock"));
    assertThat(reactor.unixClients.get(0).path()).isEqualTo("/tmp/y.sock");
  }

  @Test
  void timeComesFromTheClock() {
    MemoryReactor reactor = new MemoryReactor();
    List<String> ran = new ArrayList<>();
    reactor.callLater(2, () -> ran.add("later"));
    reactor.callFromThread(() -> ran.add("soon"));
    assertThat(reactor.getDelayedCalls()).hasSize(2);
    reactor.advance(0);
    assertThat(ran).containsExactly("soon");
    reactor.advance(2);
    assertThat(ran).containsExactly("soon", "later");
    assertThat(reactor.seconds()).isEqualTo(2.0);
  }

  @Test
  void runDoesNotBlockAndStopRunsShutdownTriggersInPhaseOrder() {
    MemoryReactor reactor = new MemoryReactor();
    List<String> order = new ArrayList<>();
    reactor.callWhenRunning(() -> order.add("running"));
    reactor.addSystemEventTrigger(Reactor.Phase.AFTER, "shutdown", () -> order.add("after"));
    reactor.addSystemEventTrigger(Reactor.Phase.BEFORE, "shutdown", () -> order.add("before"));
    reactor.run();
    assertThat(reactor.isRunning()).isTrue();
    reactor.stop();
    assertThat(order).containsExactly("running", "before", "after");
    assertThat(reactor.hasRun()).isTrue();
    assertThat(reactor.hasStopped()).isTrue();
  }

  @Test
  void resolverAnswersLiteralsAndRefusesNames() {
    MemoryReactor reactor = new MemoryReactor();
    assertThat(successResultOf(reactor.getResolver().resolve("10.1.2.3")).get(0).getHostAddress())
        .isEqualTo("10.1.2.3");
    failureResultOf(reactor.getResolver().resolve("example.com"), DNSLookupError.class);
  }
}
