package dev.torsion.internet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TcpBackpressureTest {
  static final int CHUNK = 16 * 1024;

  /** Writes patterned chunks while not paused; tracks how much the transport had queued. */
  static final class Streamer extends Protocol implements PushProducer {
    final long total;
    final CountDownLatch paused;
    final AtomicLong maxQueued;
    long sent;
    boolean isPaused;
    int pauses;

    Streamer(long total, CountDownLatch paused, AtomicLong maxQueued) {
      this.total = total;
      this.paused = paused;
      this.maxQueued = maxQueued;
    }

    @Override
    public void connectionMade() {
      transport.registerProducer(this, true);
      resumeProducing();
    }

    @Override
    public void pauseProducing() {
      isPaused = true;
      pauses++;
      paused.countDown();
    }

    @Override
    public void resumeProducing() {
      isPaused = false;
      while (!isPaused && sent < total) {
        byte[] chunk = new byte[(int) Math.min(CHUNK, total - sent)];
        for (int i = 0; i < chunk.length; i++) {
          chunk[i] = NioTesting.pattern(7, sent + i);
        }
        sent += chunk.length;
        transport.write(chunk);
        maxQueued.accumulateAndGet(transport.getWriteBufferSize(), Math::max);
      }
      if (sent == total) {
        transport.unregisterProducer();
        transport.loseConnection();
      }
    }

    @Override
    public void stopProducing() {}
  }

  @Test
  void aSlowReaderPausesTheProducerAndQueuedBytesStayBounded() throws Exception {
    long total = 16L * 1024 * 1024;
    CountDownLatch paused = new CountDownLatch(1);
    AtomicLong maxQueued = new AtomicLong();
    try (NioTesting t = new NioTesting()) {
      int port = t.call(() -> NioTesting.port(t.reactor.listenTCP(0,
          Factory.forProtocol(() -> new Streamer(total, paused, maxQueued)), 50, "127.0.0.1")));
      try (SocketChannel ch = SocketChannel.open()) {
        // A small, fixed receive window, so the kernel cannot absorb the whole stream.
        ch.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 64 * 1024);
        ch.connect(new InetSocketAddress("127.0.0.1", port));
        // Not reading yet: the socket buffers fill, then the transport's queue, then the pause.
        assertThat(paused.await(20, TimeUnit.SECONDS)).as("producer paused").isTrue();
        ch.socket().setSoTimeout(20_000);
        InputStream in = ch.socket().getInputStream();
        byte[] buf = new byte[4096]; // a slow reader: small reads
        long got = 0;
        long bad = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
          for (int i = 0; i < n; i++) {
            if (buf[i] != NioTesting.pattern(7, got + i)) {
              bad++;
            }
          }
          got += n;
        }
        assertThat(got).isEqualTo(total);
        assertThat(bad).isZero();
      }
    }
    // one chunk may land on top of the 64 KiB mark before the pause takes effect
    assertThat(maxQueued.get()).isGreaterThan(0).isLessThanOrEqualTo(64 * 1024 + CHUNK);
  }

  @Test
  void aPullProducerIsAskedForMoreEachTimeTheBufferDrains() {
    NioReactor reactor = new NioReactor();
    int chunks = 64;
    int[] asked = {0};
    ListeningPort port = reactor.listenTCP(0, Factory.forProtocol(() -> new Protocol() {
      @Override
      public void connectionMade() {
        transport.registerProducer(new PullProducer() {
          @Override
          public void resumeProducing() {
            byte[] chunk = new byte[65536];
            for (int i = 0; i < chunk.length; i++) {
              chunk[i] = NioTesting.pattern(3, (long) asked[0] * chunk.length + i);
            }
            asked[0]++;
            transport.write(chunk);
            if (asked[0] == chunks) {
              transport.unregisterProducer();
              transport.loseConnection();
            }
          }

          @Override
          public void stopProducing() {}
        }, false);
      }
    }), 50, "127.0.0.1");
    TcpEchoTest.Collector client = new TcpEchoTest.Collector(new byte[0]);
    reactor.connectTCP("127.0.0.1", NioTesting.port(port), new ClientFactory(() -> client));
    NioTesting.runUntil(reactor, client.closed, 20);
    byte[] got = client.got.toByteArray();
    assertThat(got).hasSize(chunks * 65536);
    for (int i = 0; i < got.length; i++) {
      if (got[i] != NioTesting.pattern(3, i)) {
        throw new AssertionError("byte " + i + " differs");
      }
    }
    assertThat(asked[0]).isEqualTo(chunks);
  }

  @Test
  void pauseProducingOnATransportStopsReadingUntilResumed() {
    NioReactor reactor = new NioReactor();
    StringBuilder received = new StringBuilder();
    Deferred<String> result = new Deferred<>();
    ListeningPort port = reactor.listenTCP(0, Factory.forProtocol(() -> new Protocol() {
      @Override
      public void connectionMade() {
        transport.pauseProducing();
        reactor.callLater(0.2, () -> {
          int before = received.length();
          received.append("before resume: [").append(before).append("] ");
          transport.resumeProducing();
        });
      }

      @Override
      public void dataReceived(byte[] data) {
        received.append(new String(data, StandardCharsets.US_ASCII));
        if (received.toString().endsWith("ping")) {
          result.callback(received.toString());
        }
      }
    }), 50, "127.0.0.1");
    TcpEchoTest.Collector client = new TcpEchoTest.Collector("ping".getBytes(StandardCharsets.US_ASCII));
    reactor.connectTCP("127.0.0.1", NioTesting.port(port), new ClientFactory(() -> client));
    assertThat(NioTesting.runUntil(reactor, result, 10)).isEqualTo("before resume: [0] ping");
  }
}
