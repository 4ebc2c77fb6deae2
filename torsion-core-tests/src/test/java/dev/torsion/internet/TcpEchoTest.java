package dev.torsion.internet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class TcpEchoTest {
  /** Echoes, half-closes cleanly, and stops reading while its own write buffer is full. */
  static class Echo extends Protocol implements HalfCloseableProtocol {
    @Override
    public void connectionMade() {
      transport.registerProducer(transport, true); // a slow reader pauses our reading
    }

    @Override
    public void dataReceived(byte[] data) {
      transport.write(data);
    }

    @Override
    public void readConnectionLost() {
      transport.loseConnection(); // after everything queued has been sent
    }
  }

  /**
   * Sends {@code message} and half-closes (if it has one), and collects everything until the
   * server closes.
   */
  static final class Collector extends Protocol {
    final ByteArrayOutputStream got = new ByteArrayOutputStream();
    final Deferred<Failure> closed = new Deferred<>();
    final byte[] message;

    Collector(byte[] message) {
      this.message = message;
    }

    @Override
    public void connectionMade() {
      if (message.length > 0) {
        transport.write(message);
        transport.loseWriteConnection();
      }
    }

    @Override
    public void dataReceived(byte[] data) {
      got.writeBytes(data);
    }

    @Override
    public void connectionLost(Failure reason) {
      closed.callback(reason);
    }
  }

  @Test
  void echoRoundTripThroughTheReactorOnBothEnds() {
    NioReactor reactor = new NioReactor();
    ListeningPort port = reactor.listenTCP(0, Factory.forProtocol(Echo::new), 50, "127.0.0.1");
    Collector client = new Collector("hello, world".getBytes(StandardCharsets.US_ASCII));
    reactor.connectTCP("127.0.0.1", NioTesting.port(port), new ClientFactory(() -> client));
    Object reason = NioTesting.runUntil(reactor, client.closed, 10);
    assertThat(client.got.toString(StandardCharsets.US_ASCII)).isEqualTo("hello, world");
    assertThat(((Failure) reason).check(ConnectionDone.class)).isNotNull();
  }

  @Test
  void aClientThatHalfClosesGetsEveryByteBack() throws Exception {
    try (NioTesting t = new NioTesting()) {
      int port = t.call(() -> NioTesting.port(
          t.reactor.listenTCP(0, Factory.forProtocol(Echo::new), 50, "127.0.0.1")));
      byte[] sent = new byte[3 * 1024 * 1024 + 17];
      for (int i = 0; i < sent.length; i++) {
        sent[i] = NioTesting.pattern(1, i);
      }
      try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
        // write everything from a second thread while this one reads, so neither side stalls
        Thread writer = NioTesting.writeAllThenShutdown(ch, sent);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        ch.socket().setSoTimeout(20_000);
        java.io.InputStream in = ch.socket().getInputStream();
        byte[] chunk = new byte[65536];
        int n;
        while ((n = in.read(chunk)) >= 0) {
          got.write(chunk, 0, n);
        }
        writer.join(20_000);
        assertThat(got.toByteArray()).isEqualTo(sent);
      }
    }
  }

  @Test
  void writeSequenceSendsThePiecesInOrder() {
    NioReactor reactor = new NioReactor();
    ListeningPort port = reactor.listenTCP(0, Factory.forProtocol(() -> new Protocol() {
      @Override
      public void connectionMade() {
        List<byte[]> pieces = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          pieces.add(("<" + i + ">").getBytes(StandardCharsets.US_ASCII));
        }
        transport.writeSequence(pieces);
        transport.loseConnection();
      }
    }), 50, "127.0.0.1");
    Collector client = new Collector(new byte[0]);
    reactor.connectTCP("127.0.0.1", NioTesting.port(port), new ClientFactory(() -> client));
    NioTesting.runUntil(reactor, client.closed, 10);
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      expected.append('<').append(i).append('>');
    }
    assertThat(client.got.toString(StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
  }

  @Test
  void loseConnectionSendsEverythingQueuedFirst() {
    NioReactor reactor = new NioReactor();
    byte[] big = new byte[8 * 1024 * 1024];
    for (int i = 0; i < big.length; i++) {
      big[i] = NioTesting.pattern(2, i);
    }
    ListeningPort port = reactor.listenTCP(0, Factory.forProtocol(() -> new Protocol() {
      @Override
      public void connectionMade() {
        transport.write(big);
        transport.loseConnection();
      }
    }), 50, "127.0.0.1");
    Collector client = new Collector(new byte[0]);
    reactor.connectTCP("127.0.0.1", NioTesting.port(port), new ClientFactory(() -> client));
    Object reason = NioTesting.runUntil(reactor, client.closed, 20);
    assertThat(client.got.toByteArray()).isEqualTo(big);
    assertThat(((Failure) reason).check(ConnectionDone.class)).isNotNull();
  }

  @Test
  void abortConnectionDropsQueuedDataAndThePeerSeesConnectionLost() {
    NioReactor reactor = new NioReactor();
    List<Failure> serverSide = new CopyOnWriteArrayList<>();
    ListeningPort port = reactor.listenTCP(0, Factory.forProtocol(() -> new Protocol() {
      @Override
      public void connectionMade() {
        transport.write(new byte[16 * 1024 * 1024]); // far more than the socket buffers hold
        transport.abortConnection();
        transport.write("ignored after abort".getBytes(StandardCharsets.US_ASCII));
      }

      @Override
      public void connectionLost(Failure reason) {
        serverSide.add(reason);
      }
    }), 50, "127.0.0.1");
    Collector client = new Collector(new byte[0]);
    reactor.connectTCP("127.0.0.1", NioTesting.port(port), new ClientFactory(() -> client));
    Object reason = NioTesting.runUntil(reactor, client.closed, 10);
    assertThat(client.got.size()).isLessThan(16 * 1024 * 1024);
    assertThat(((Failure) reason).check(ConnectionLost.class)).isNotNull();
    assertThat(serverSide).hasSize(1);
    assertThat(serverSide.get(0).check(ConnectionAborted.class)).isNotNull();
  }

  @Test
  void buildProtocolReturningNullRefusesTheConnection() {
    NioReactor reactor = new NioReactor();
    ListeningPort port = reactor.listenTCP(0, new Factory() {
      @Override
      public Protocol buildProtocol(Address addr) {
        return null;
      }
    }, 50, "127.0.0.1");
    Collector client = new Collector("anyone?".getBytes(StandardCharsets.US_ASCII));
    reactor.connectTCP("127.0.0.1", NioTesting.port(port), new ClientFactory(() -> client));
    NioTesting.runUntil(reactor, client.closed, 10);
    assertThat(client.got.size()).isZero();
  }

  @Test
  void aProtocolThatThrowsLosesItsConnectionAndOthersGoOn() throws Exception {
    List<Log.LoggedError> logged = new CopyOnWriteArrayList<>();
    try (AutoCloseable obs = Log.addErrorObserver(logged::add)) {
      NioReactor reactor = new NioReactor();
      ListeningPort port = reactor.listenTCP(0, Factory.forProtocol(() -> new Protocol() {
        @Override
        public void dataReceived(byte[] data) {
          if (new String(data, StandardCharsets.US_ASCII).startsWith("bad")) {
            throw new IllegalStateException("cannot handle " + new String(data, StandardCharsets.US_ASCII));
          }
          transport.write(data);
          transport.loseConnection();
        }
      }), 50, "127.0.0.1");
      Collector bad = new Collector("bad input".getBytes(StandardCharsets.US_ASCII));
      Collector good = new Collector("good input".getBytes(StandardCharsets.US_ASCII));
      int p = NioTesting.port(port);
      reactor.connectTCP("127.0.0.1", p, new ClientFactory(() -> bad));
      Deferred<Void> both = new Deferred<>();
      // connectionLost reasons are Failures, so the Deferreds take the errback path: addBoth
      bad.closed.addBoth(r -> {
        reactor.connectTCP("127.0.0.1", p, new ClientFactory(() -> good));
        good.closed.addBoth(r2 -> {
          both.callback(null);
          return null;
        });
        return null;
      });
      NioTesting.runUntil(reactor, both, 10);
      assertThat(bad.got.size()).isZero();
      assertThat(good.got.toString(StandardCharsets.US_ASCII)).isEqualTo("good input");
    }
    assertThat(logged).extracting(e -> e.failure().getErrorMessage()).contains("cannot handle bad input");
  }
}
