package dev.torsion.internet.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Address;
import dev.torsion.internet.CancelledError;
import dev.torsion.internet.ConnectError;
import dev.torsion.internet.ConnectionRefusedError;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.HalfCloseableProtocol;
import dev.torsion.internet.Protocol;
import dev.torsion.trial.MemoryReactor;
import dev.torsion.trial.StringTransport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientEndpointTest {
  private final MemoryReactor reactor = new MemoryReactor();

  static final class Greeter extends Protocol implements HalfCloseableProtocol {
    final List<String> events = new ArrayList<>();

    @Override
    public void connectionMade() {
      events.add("made");
      transport.write("hello".getBytes());
    }

    @Override
    public void dataReceived(byte[] data) {
      events.add("data:" + new String(data));
    }

    @Override
    public void readConnectionLost() {
      events.add("readConnectionLost");
    }

    @Override
    public void connectionLost(Failure reason) {
      events.add("lost");
    }
  }

  /** The outcome of a Deferred, captured as it fires. */
  static final class Outcome<T> {
    T value;
    Failure failure;

    static <T> Outcome<T> of(Deferred<T> d) {
      Outcome<T> o = new Outcome<>();
      d.addCallbacks(v -> { o.value = v; return null; }, f -> { o.failure = f; return null; });
      return o;
    }
  }

  @Test
  void connectFiresWithTheProtocolAfterConnectionMade() {
    Outcome<Protocol> result =
        Outcome.of(new TCP4ClientEndpoint(reactor, "10.0.0.9", 25).connect(Factory.forProtocol(Greeter::new)));
    assertThat(result.value).isNull();

    StringTransport transport = new StringTransport();
    reactor.tcpClients.get(0).connect(transport);

    Greeter greeter = (Greeter) result.value;
    assertThat(greeter.events).containsExactly("made");
    assertThat(greeter.getTransport()).isSameAs(transport); // the real transport, not a wrapper
    assertThat(transport.valueString()).isEqualTo("hello");
  }

  @Test
  void eventsPassThroughToTheProtocolIncludingHalfClose() {
    Outcome<Protocol> result =
        Outcome.of(new TCP4ClientEndpoint(reactor, "10.0.0.9", 25).connect(Factory.forProtocol(Greeter::new)));
    Protocol wrapper = reactor.tcpClients.get(0).connect(new StringTransport());
    assertThat(wrapper).isInstanceOf(HalfCloseableProtocol.class);
    wrapper.dataReceived("x".getBytes());
    ((HalfCloseableProtocol) wrapper).readConnectionLost();
    wrapper.transportClosed(Failure.of(new dev.torsion.internet.ConnectionDone("done")));
    Greeter greeter = (Greeter) result.value;
    assertThat(greeter.events).containsExactly("made", "data:x", "readConnectionLost", "lost");
    assertThat(greeter.isConnected()).isFalse();
  }

  @Test
  void aFailedConnectFailsTheDeferred() {
    Outcome<Protocol> result =
        Outcome.of(new TCP4ClientEndpoint(reactor, "10.0.0.9", 25).connect(Factory.forProtocol(Greeter::new)));
    MemoryReactor.TcpClient call = reactor.tcpClients.get(0);
    call.factory().clientConnectionFailed(call.connector(), Failure.of(new ConnectionRefusedError("10.0.0.9:25: refused")));
    assertThat(result.failure.value()).isInstanceOf(ConnectionRefusedError.class);
  }

  @Test
  void cancellingStopsConnecting() {
    Deferred<Protocol> d = new TCP4ClientEndpoint(reactor, "10.0.0.9", 25).connect(Factory.forProtocol(Greeter::new));
    Outcome<Protocol> result = Outcome.of(d);
    d.cancel();
    assertThat(result.failure.value()).isInstanceOf(CancelledError.class).hasMessageContaining("10.0.0.9");
    assertThat(reactor.connectors.get(0).stoppedConnecting).isTrue();
    // The connector reports the stopped attempt as a failure; that must not fire the Deferred twice.
    MemoryReactor.TcpClient call = reactor.tcpClients.get(0);
    call.factory().clientConnectionFailed(call.connector(), Failure.of(new ConnectError("stopped")));
  }

  @Test
  void aFactoryThatRefusesFailsTheDeferredAndTheConnection() {
    Factory refusing =
        new Factory() {
          @Override
          public Protocol buildProtocol(Address addr) {
            return null;
          }
        };
    Outcome<Protocol> result = Outcome.of(new UNIXClientEndpoint(reactor, "/tmp/s").connect(refusing));
    Protocol built = reactor.unixClients.get(0).factory().buildProtocol(null);
    assertThat(built).isNull();
    assertThat(result.failure.value()).isInstanceOf(ConnectError.class).hasMessageContaining("refused");
  }

  @Test
  void startAndStopReachTheUsersFactory() {
    int[] starts = {0, 0};
    Factory counting =
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
    new TCP4ClientEndpoint(reactor, "10.0.0.9", 25).connect(counting);
    Factory wrapping = reactor.tcpClients.get(0).factory();
    wrapping.doStart();
    wrapping.doStop();
    assertThat(starts).containsExactly(1, 1);
  }

  @Test
  void connectProtocolConnectsThatVeryInstance() {
    Greeter mine = new Greeter();
    Outcome<Greeter> result =
        Outcome.of(Endpoints.connectProtocol(Endpoints.clientFromString(reactor, "tcp:10.0.0.9:25"), mine));
    reactor.tcpClients.get(0).connect(new StringTransport());
    assertThat(result.value).isSameAs(mine);
    assertThat(mine.events).containsExactly("made");
  }

  @Test
  void serverEndpointListenFailureFailsTheDeferred() {
    // A proxy, so the test does not break each time the Reactor interface grows a method.
    dev.torsion.internet.Reactor failing =
        (dev.torsion.internet.Reactor)
            java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {dev.torsion.internet.Reactor.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("listenTCP")) {
                    throw new dev.torsion.internet.CannotListenError("0.0.0.0:80: permission denied");
                  }
                  return method.invoke(reactor, args);
                });
    Outcome<dev.torsion.internet.ListeningPort> result =
        Outcome.of(new TCP4ServerEndpoint(failing, 80).listen(Factory.forProtocol(Greeter::new)));
    assertThat(result.failure.value())
        .isInstanceOf(dev.torsion.internet.CannotListenError.class)
        .hasMessageContaining("permission denied");
  }
}
