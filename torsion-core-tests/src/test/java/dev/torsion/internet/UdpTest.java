package dev.torsion.internet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class UdpTest {
  static final class UdpEcho extends DatagramProtocol {
    boolean stopped;

    @Override
    public void datagramReceived(byte[] data, Address addr) {
      transport.write(data, addr);
    }

    @Override
    public void stopProtocol() {
      stopped = true;
    }
  }

  /** Fires {@code got} with the first datagram and its sender. */
  static final class Receiver extends DatagramProtocol {
    final Deferred<List<Object>> got = new Deferred<>();

    @Override
    public void datagramReceived(byte[] data, Address addr) {
      if (!got.called()) {
        got.callback(List.of(new String(data, StandardCharsets.US_ASCII), addr));
      }
    }

    @Override
    public void connectionRefused() {
      if (!got.called()) {
        got.callback(List.of("refused"));
      }
    }
  }

  @Test
  void aDatagramIsEchoedToItsSender() {
    NioReactor reactor = new NioReactor();
    UdpEcho echo = new UdpEcho();
    UDPPort server = reactor.listenUDP(0, echo, "127.0.0.1", 8192);
    Receiver client = new Receiver();
    UDPPort clientPort = reactor.listenUDP(0, client, "127.0.0.1", 8192);
    assertThat(server.getHost()).isInstanceOf(IPv4Address.class);
    assertThat(((IPv4Address) server.getHost()).type()).isEqualTo("UDP");
    reactor.callWhenRunning(() -> clientPort.write("marco".getBytes(StandardCharsets.US_ASCII), server.getHost()));
    @SuppressWarnings("unchecked")
    List<Object> got = (List<Object>) NioTesting.runUntil(reactor, client.got, 10);
    assertThat(got.get(0)).isEqualTo("marco");
    assertThat(got.get(1)).isEqualTo(server.getHost());
    assertThat(echo.stopped).as("ports close at shutdown, calling stopProtocol").isTrue();
  }

  @Test
  void aConnectedPortHearsThatThePeerRefused() throws Exception {
    int closedPort;
    try (java.nio.channels.DatagramChannel probe = java.nio.channels.DatagramChannel.open()) {
      probe.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
      closedPort = ((java.net.InetSocketAddress) probe.getLocalAddress()).getPort();
    }
    NioReactor reactor = new NioReactor();
    Receiver client = new Receiver();
    UDPPort port = reactor.listenUDP(0, client, "127.0.0.1", 8192);
    port.connect("127.0.0.1", closedPort);
    reactor.callWhenRunning(() -> port.write("anyone?".getBytes(StandardCharsets.US_ASCII)));
    @SuppressWarnings("unchecked")
    List<Object> got = (List<Object>) NioTesting.runUntil(reactor, client.got, 10);
    assertThat(got).containsExactly("refused");
  }

  @Test
  void stopListeningStopsTheProtocol() {
    NioReactor reactor = new NioReactor();
    UdpEcho echo = new UdpEcho();
    UDPPort port = reactor.listenUDP(0, echo, "127.0.0.1", 8192);
    Object r = NioTesting.runUntil(reactor, port.stopListening(), 10);
    assertThat(r).isNull();
    assertThat(echo.stopped).isTrue();
    assertThat(reactor.openPorts()).isEmpty();
  }

  @Test
  void multicastTtlAndLoopbackReachTheSocket() {
    NioReactor reactor = new NioReactor();
    UDPPort port = reactor.listenMulticast(0, new Receiver(), "127.0.0.1", false);
    assertThat(port.getTTL()).as("the JDK's and Twisted's default").isEqualTo(1);

    port.setTTL(7);
    port.setLoopbackMode(false);
    assertThat(port.getTTL()).isEqualTo(7);
    assertThat(port.getLoopbackMode()).isFalse();
    port.setLoopbackMode(true);
    assertThat(port.getLoopbackMode()).isTrue();
    assertThatThrownBy(() -> port.setTTL(256))
        .isInstanceOf(IllegalArgumentException.class);
    reactor.callWhenRunning(reactor::stop);
    reactor.run();
  }

  @Test
  void multicastDatagramsComeBackOnLoopback() {
    NioReactor reactor = new NioReactor();
    Receiver member = new Receiver();
    UDPPort port = reactor.listenMulticast(0, member, "", true);
    String group = "239.255.42.99";
    List<Throwable> joinErrors = new ArrayList<>();
    port.joinGroup(group, "").addErrback(f -> joinErrors.add(f.value()));
    if (!joinErrors.isEmpty()) {
      reactor.callWhenRunning(reactor::stop);
      reactor.run();
      Assumptions.abort("this machine cannot join a multicast group: " + joinErrors.get(0).getMessage());
    }
    port.setLoopbackMode(true);
    port.setTTL(1);
    int n = ((IPv4Address) port.getHost()).port();
    reactor.callWhenRunning(() -> port.write("to the group".getBytes(StandardCharsets.US_ASCII),
        new IPv4Address("UDP", group, n)));
    Deferred<Object> outcome = new Deferred<>();
    member.got.addCallback(g -> {
      outcome.callback(g);
      return null;
    });
    DelayedCall giveUp = reactor.callLater(3, () -> outcome.callback("nothing arrived"));
    outcome.addCallback(r -> {
      if (giveUp.active()) {
        giveUp.cancel();
      }
      return r;
    });
    Object got = NioTesting.runUntil(reactor, outcome, 10);
    Assumptions.assumeTrue(got instanceof List,
        "multicast is not routed on this machine (joined, but our own datagram never came back)");
    assertThat(((List<?>) got).get(0)).isEqualTo("to the group");
  }
}
