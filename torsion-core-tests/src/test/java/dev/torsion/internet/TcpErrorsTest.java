package dev.torsion.internet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpErrorsTest {
  /** Records what a connector reports. */
  static final class Recorder extends ClientFactory {
    final List<String> events = new ArrayList<>();
    final Deferred<Failure> failed = new Deferred<>();

    Recorder() {
      super(Protocol::new);
    }

    @Override
    public void startFactory() {
      events.add("startFactory");
    }

    @Override
    public void stopFactory() {
      events.add("stopFactory");
    }

    @Override
    public void startedConnecting(Connector connector) {
      events.add("startedConnecting");
    }

    @Override
    public void clientConnectionFailed(Connector connector, Failure reason) {
      events.add("clientConnectionFailed");
      failed.callback(reason);
    }
  }

  @Test
  void portZeroPicksAFreePortThatGetHostReports() {
    NioReactor reactor = new NioReactor();
    ListeningPort port = reactor.listenTCP(0, Factory.forProtocol(Protocol::new), 50, "127.0.0.1");
    IPv4Address host = (IPv4Address) port.getHost();
    assertThat(host.type()).isEqualTo("TCP");
    assertThat(host.host()).isEqualTo("127.0.0.1");
    assertThat(host.port()).isPositive();
    reactor.callWhenRunning(reactor::stop);
    reactor.run();
  }

  @Test
  void aPortInUseFailsWithCannotListenErrorNamingTheAddress() {
    NioReactor reactor = new NioReactor();
    ListeningPort port = reactor.listenTCP(0, Factory.forProtocol(Protocol::new), 50, "127.0.0.1");
    int n = NioTesting.port(port);
    assertThatThrownBy(() -> reactor.listenTCP(n, Factory.forProtocol(Protocol::new), 50, "127.0.0.1"))
        .isInstanceOf(CannotListenError.class)
        .hasMessage("127.0.0.1:" + n + ": address already in use");
    assertThat(reactor.openPorts()).hasSize(1);
    reactor.callWhenRunning(reactor::stop);
    reactor.run();
  }

  @Test
  void aConnectionRefusedIsConnectionRefusedError() throws Exception {
    int closedPort;
    try (ServerSocketChannel s = ServerSocketChannel.open()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      closedPort = ((InetSocketAddress) s.getLocalAddress()).getPort();
    }
    NioReactor reactor = new NioReactor();
    Recorder f = new Recorder();
    reactor.connectTCP("127.0.0.1", closedPort, f, 5, null);
    Failure reason = (Failure) NioTesting.runUntil(reactor, f.failed, 10);
    assertThat(reason.value()).isInstanceOf(ConnectionRefusedError.class)
        .hasMessageContaining("127.0.0.1:" + closedPort);
    assertThat(f.events).containsExactly(
        "startFactory", "startedConnecting", "clientConnectionFailed", "stopFactory");
  }

  @Test
  void aConnectionThatNeverCompletesIsConnectTimeoutError() throws Exception {
    // A listener that never accepts, with its backlog filled: further SYNs are dropped, so our
    // connect neither succeeds nor is refused.
    try (ServerSocketChannel s = ServerSocketChannel.open()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0), 1);
      InetSocketAddress addr = (InetSocketAddress) s.getLocalAddress();
      List<SocketChannel> fillers = new ArrayList<>();
      try {
        for (int i = 0; i < 8; i++) {
          SocketChannel c = SocketChannel.open();
          c.configureBlocking(false);
          c.connect(addr);
          fillers.add(c);
        }
        NioReactor reactor = new NioReactor();
        Recorder f = new Recorder();
        reactor.connectTCP("127.0.0.1", addr.getPort(), f, 0.5, null);
        Failure reason = (Failure) NioTesting.runUntil(reactor, f.failed, 10);
        assertThat(reason.value()).isInstanceOf(ConnectTimeoutError.class)
            .isNotInstanceOf(ConnectionRefusedError.class)
            .hasMessageContaining("timed out");
      } finally {
        for (SocketChannel c : fillers) {
          c.close();
        }
      }
    }
  }

  @Test
  void anUnreachableNetworkIsNoRouteError() {
    // 2001:db8::/32 is for documentation: without an IPv6 default route the kernel answers
    // "network is unreachable" at once; with one, the attempt times out and we skip.
    NioReactor reactor = new NioReactor();
    Recorder f = new Recorder();
    reactor.connectTCP("2001:db8::1", 80, f, 2, null);
    Failure reason = (Failure) NioTesting.runUntil(reactor, f.failed, 10);
    org.junit.jupiter.api.Assumptions.assumeFalse(reason.value() instanceof ConnectTimeoutError,
        "this machine has a route towards 2001:db8::/32; cannot provoke an unreachable network");
    assertThat(reason.value()).isInstanceOf(NoRouteError.class).hasMessageContaining("2001:db8::1");
  }

  @Test
  void anUnknownHostIsDNSLookupError() {
    NioReactor reactor = new NioReactor();
    Recorder f = new Recorder();
    reactor.connectTCP("no-such-host.invalid", 80, f, 5, null);
    Failure reason = (Failure) NioTesting.runUntil(reactor, f.failed, 20);
    assertThat(reason.value()).isInstanceOf(DNSLookupError.class);
  }

  @Test
  void stopConnectingFailsTheAttempt() {
    NioReactor reactor = new NioReactor();
    Recorder f = new Recorder();
    Connector c = reactor.connectTCP("127.0.0.1", 9, f, 5, null);
    c.stopConnecting();
    assertThat(f.failed.called()).isTrue();
    assertThat(f.events).containsExactly(
        "startFactory", "startedConnecting", "clientConnectionFailed", "stopFactory");
    assertThat(c.getDestination()).isEqualTo(new IPv4Address("TCP", "127.0.0.1", 9));
    reactor.callWhenRunning(reactor::stop);
    reactor.run();
  }

  @Test
  void aConnectorCanReconnectFromClientConnectionLostWithoutRestartingTheFactory() {
    NioReactor reactor = new NioReactor();
    ListeningPort port = reactor.listenTCP(0, Factory.forProtocol(() -> new Protocol() {
      @Override
      public void connectionMade() {
        transport.loseConnection(); // each connection is closed by the server at once
      }
    }), 50, "127.0.0.1");
    List<String> events = new ArrayList<>();
    Deferred<Void> done = new Deferred<>();
    reactor.connectTCP("127.0.0.1", NioTesting.port(port), new ClientFactory(Protocol::new) {
      int connections;

      @Override
      public void startFactory() {
        events.add("startFactory");
      }

      @Override
      public void stopFactory() {
        events.add("stopFactory");
        done.callback(null);
      }

      @Override
      public void clientConnectionLost(Connector connector, Failure reason) {
        events.add("lost " + ++connections);
        if (connections < 3) {
          connector.connect();
        }
      }
    });
    NioTesting.runUntil(reactor, done, 10);
    assertThat(events).containsExactly("startFactory", "lost 1", "lost 2", "lost 3", "stopFactory");
  }

  @Test
  void afterStopListeningConnectionsAreRefused() {
    NioReactor reactor = new NioReactor();
    List<String> factoryEvents = new ArrayList<>();
    ListeningPort port = reactor.listenTCP(0, new Factory(Protocol::new) {
      @Override
      public void startFactory() {
        factoryEvents.add("start");
      }

      @Override
      public void stopFactory() {
        factoryEvents.add("stop");
      }
    }, 50, "127.0.0.1");
    int n = NioTesting.port(port);
    Recorder f = new Recorder();
    Deferred<Failure> refused = port.stopListening().addDeferredCallback(ignored -> {
      reactor.connectTCP("127.0.0.1", n, f, 5, null);
      return f.failed;
    });
    Failure reason = (Failure) NioTesting.runUntil(reactor, refused, 10);
    assertThat(reason.value()).isInstanceOf(ConnectionRefusedError.class);
    assertThat(factoryEvents).containsExactly("start", "stop");
  }
}
