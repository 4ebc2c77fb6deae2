package dev.torsion.internet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.application.StreamServerEndpointService;
import dev.torsion.application.Strports;
import dev.torsion.protocols.Echo;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The in-place read path over real sockets: a BufferReceiver is lent the reactor's read buffer,
 * and writing that buffer back sends what the socket takes and copies only the rest, so a peer
 * that does not read for a while still gets every byte, in order, while later reads reuse the
 * buffer.
 */
class BufferReceiverTcpTest {
  /** The stock echo (bufferReceived path), recording how much ever had to wait in its queue. */
  static final class QueueWatchingEcho extends Echo {
    static final AtomicLong maxQueued = new AtomicLong();
    static final AtomicLong lentReads = new AtomicLong();

    @Override
    public void bufferReceived(ByteBuffer data) {
      lentReads.incrementAndGet();
      super.bufferReceived(data);
      maxQueued.accumulateAndGet(transport.getWriteBufferSize(), Math::max);
    }
  }

  /** An echo that looks at every read as an array: it must keep getting them. */
  static final class CountingEcho extends Echo {
    static final AtomicLong counted = new AtomicLong();

    @Override
    public void dataReceived(byte[] data) {
      counted.addAndGet(data.length);
      super.dataReceived(data);
    }
  }

  /** Writes {@code sent} and half-closes, all before reading anything back; returns the echo. */
  private static byte[] sendAllThenRead(int port, byte[] sent) throws Exception {
    try (SocketChannel ch = SocketChannel.open()) {
      // A small receive window, so that the kernel cannot take the whole echo off the server's
      // hands (loopback buffers grow to megabytes otherwise).
      ch.setOption(StandardSocketOptions.SO_RCVBUF, 8 * 1024);
      ch.connect(new InetSocketAddress("127.0.0.1", port));
      Thread writer = NioTesting.writeAllThenShutdown(ch, sent);
      // Not reading until everything is sent: the server's socket fills, and its echo queues.
      writer.join(20_000);
      assertThat(writer.isAlive()).isFalse();
      ch.socket().setSoTimeout(20_000);
      InputStream in = ch.socket().getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] chunk = new byte[65536];
      int n;
      while ((n = in.read(chunk)) >= 0) {
        got.write(chunk, 0, n);
      }
      return got.toByteArray();
    }
  }

  @Test
  void aLentBufferWrittenBackWhileThePeerIsNotReadingArrivesWholeAndInOrder() throws Exception {
    try (NioTesting t = new NioTesting()) {
      int port = t.call(() -> NioTesting.port(t.reactor.listenTCP(
          0, Factory.forProtocol(QueueWatchingEcho::new), 50, "127.0.0.1")));
      byte[] sent = new byte[16 * 1024 * 1024 + 17];
      for (int i = 0; i < sent.length; i++) {
        sent[i] = NioTesting.pattern(3, i);
      }

      byte[] got = sendAllThenRead(port, sent);

      assertThat(got).isEqualTo(sent);
      assertThat(QueueWatchingEcho.lentReads.get()).isPositive();
      // the copy-what-waits path really ran: bytes sat in the queue past their read
      assertThat(QueueWatchingEcho.maxQueued.get()).isGreaterThan(64 * 1024);
    }
  }

  @Test
  void aSubclassThatOverridesDataReceivedStillGetsEveryReadAsAnArray() throws Exception {
    try (NioTesting t = new NioTesting()) {
      int port = t.call(() -> NioTesting.port(t.reactor.listenTCP(
          0, Factory.forProtocol(CountingEcho::new), 50, "127.0.0.1")));
      byte[] sent = "hello, in place".getBytes(StandardCharsets.US_ASCII);

      byte[] got = sendAllThenRead(port, sent);

      assertThat(got).isEqualTo(sent);
      assertThat(CountingEcho.counted.get()).isEqualTo(sent.length);
    }
  }

  /** A receiver that counts how each read reached it, and echoes it back. */
  static final class CountingReceiver extends Protocol implements BufferReceiver {
    static final AtomicLong lent = new AtomicLong();
    static final AtomicLong arrays = new AtomicLong();

    @Override
    public void bufferReceived(ByteBuffer data) {
      lent.incrementAndGet();
      transport.write(data);
    }

    @Override
    public void dataReceived(byte[] data) {
      arrays.incrementAndGet();
      transport.write(data);
    }
  }

  @Test
  void behindAServicesConnectionTrackerAReceiverIsStillLentTheReadBufferAndAllocatesNothing()
      throws Exception {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (NioTesting t = new NioTesting()) {
      // What ./torsion echo runs: the protocol inside the service's WatchedProtocol.
      StreamServerEndpointService service = Strports.service(
          "tcp:0:interface=127.0.0.1", Factory.forProtocol(CountingReceiver::new), t.reactor);
      t.await(service::startService);
      int port = NioTesting.port(service.getPort());
      long reactorThread = t.call(() -> Thread.currentThread().getId());
      int rounds = 2_000;
      long allocated = 0;
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setTcpNoDelay(true);
        s.setSoTimeout(20_000);
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        byte[] ping = new byte[64];
        byte[] pong = new byte[64];
        for (int i = 0; i < rounds; i++) {
          if (i == rounds / 2) { // the first half warms up the path
            allocated = -threads.getThreadAllocatedBytes(reactorThread);
          }
          ping[0] = (byte) i;
          out.write(ping);
          int got = 0;
          while (got < pong.length) {
            int n = in.read(pong, got, pong.length - got);
            assertThat(n).as("echo of round " + i).isPositive();
            got += n;
          }
          assertThat(pong).isEqualTo(ping);
        }
        allocated += threads.getThreadAllocatedBytes(reactorThread);
      }
      t.await(service::stopService);

      assertThat(CountingReceiver.arrays.get()).as("reads delivered as arrays").isZero();
      assertThat(CountingReceiver.lent.get()).isGreaterThanOrEqualTo(rounds);
      // An array per read would be at least 80 bytes (header and data) per round.
      assertThat(allocated / (rounds / 2)).as("bytes allocated per echoed message").isLessThan(8);
    }
  }

  /**
   * Writes each lent read back twice (the buffer itself, then its bytes again after rewinding
   * it), recording the size of each read and whether an earlier read's echo was still queued
   * when it came: a burst of full reads whose writes wait for one gathering write.
   */
  static final class TwiceReceiver extends Protocol implements BufferReceiver, HalfCloseableProtocol {
    static final java.util.List<Integer> sizes =
        java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    static final AtomicLong readsWithEchoWaiting = new AtomicLong();

    @Override
    public void bufferReceived(ByteBuffer data) {
      if (transport.getWriteBufferSize() > 0) {
        readsWithEchoWaiting.incrementAndGet();
      }
      sizes.add(data.remaining());
      int start = data.position();
      transport.write(data);
      assertThat(data.hasRemaining()).as("a write consumes the buffer").isFalse();
      data.position(start);
      transport.write(data); // the same bytes again: the burst's queue must not alias them
    }

    @Override
    public void dataReceived(byte[] data) {
      throw new AssertionError("a TCP connection lends its buffer");
    }

    @Override
    public void readConnectionLost() {
      transport.loseConnection(); // after the echo: the peer half-closed once it had sent all
    }
  }

  @Test
  void aBurstOfFullReadsIsWrittenBackWholeAndInOrderEvenWhenEachReadIsWrittenTwice()
      throws Exception {
    try (NioTesting t = new NioTesting()) {
      int port = t.call(() -> NioTesting.port(t.reactor.listenTCP(
          0, Factory.forProtocol(TwiceReceiver::new), 50, "127.0.0.1")));
      byte[] sent = new byte[4 * 1024 * 1024 + 5];
      for (int i = 0; i < sent.length; i++) {
        sent[i] = NioTesting.pattern(5, i);
      }

      byte[] got = sendAllThenRead(port, sent);

      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      int at = 0;
      synchronized (TwiceReceiver.sizes) {
        for (int size : TwiceReceiver.sizes) {
          expected.write(sent, at, size);
          expected.write(sent, at, size);
          at += size;
        }
      }
      assertThat(at).isEqualTo(sent.length);
      assertThat(got).isEqualTo(expected.toByteArray());
      assertThat(TwiceReceiver.readsWithEchoWaiting.get())
          .as("reads that came while an earlier read's echo waited for the burst's end")
          .isPositive();
    }
  }
}
