package dev.torsion.internet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.internal.StreamConnection;
import dev.torsion.trial.OpenFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StreamConnection#writeFile}: file regions queued among byte writes and sent with
 * transferTo, on real sockets.
 */
class FileRegionTcpTest {
  static final int MIB = 1024 * 1024;

  @TempDir Path dir;
  private Path file;
  private byte[] contents;

  @BeforeEach
  void makeFile() throws IOException {
    contents = new byte[16 * MIB];
    new Random(20).nextBytes(contents);
    file = Files.write(dir.resolve("region.bin"), contents);
  }

  private FileChannel open() throws IOException {
    return FileChannel.open(file, StandardOpenOption.READ);
  }

  private static byte[] bytes(int n, int id) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = NioTesting.pattern(id, i);
    }
    return b;
  }

  /** A server protocol that runs {@code send} on its StreamConnection, then closes. */
  static Factory sending(Consumer<StreamConnection> send, CompletableFuture<Failure> lost) {
    return Factory.forProtocol(() -> new Protocol() {
      @Override
      public void connectionMade() {
        send.accept((StreamConnection) transport);
        transport.loseConnection();
      }

      @Override
      public void connectionLost(Failure reason) {
        lost.complete(reason);
      }
    });
  }

  /** Regions first (queue empty: sent at once), behind a queued buffer, and small: all in order. */
  private byte[] writeMixed(StreamConnection c, List<FileChannel> files) {
    try {
      byte[] a = bytes(MIB, 1);
      byte[] b = "--between--".getBytes(StandardCharsets.US_ASCII);
      byte[] c1 = bytes(3000, 2);
      byte[] c2 = bytes(70_000, 3);
      for (int i = 0; i < 3; i++) {
        files.add(open());
      }
      c.writeFile(files.get(0), 0, 3 * MIB);
      c.write(a);
      c.writeFile(files.get(1), 1000, 6 * MIB);
      c.write(b);
      c.writeFile(files.get(2), 5, 100);
      c.writeSequence(List.of(c1, c2));
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      expected.write(contents, 0, 3 * MIB);
      expected.writeBytes(a);
      expected.write(contents, 1000, 6 * MIB);
      expected.writeBytes(b);
      expected.write(contents, 5, 100);
      expected.writeBytes(c1);
      expected.writeBytes(c2);
      return expected.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void regionsWrittenBetweenByteWritesArriveByteExactAndInOrder() throws Exception {
    NioReactor reactor = new NioReactor();
    List<FileChannel> files = new ArrayList<>();
    byte[][] expected = {null};
    CompletableFuture<Failure> serverLost = new CompletableFuture<>();
    ListeningPort port = reactor.listenTCP(0,
        sending(c -> expected[0] = writeMixed(c, files), serverLost), 50, "127.0.0.1");
    TcpEchoTest.Collector client = new TcpEchoTest.Collector(new byte[0]);
    reactor.connectTCP("127.0.0.1", NioTesting.port(port), new ClientFactory(() -> client));

    Object reason = NioTesting.runUntil(reactor, client.closed, 30);

    assertThat(((Failure) reason).check(ConnectionDone.class)).isNotNull();
    assertThat(Arrays.equals(client.got.toByteArray(), expected[0])).as("bytes in order").isTrue();
    assertThat(files).hasSize(3).noneMatch(FileChannel::isOpen);
  }

  @Test
  void regionsGoOverAUnixSocketToo() throws Exception {
    NioReactor reactor = new NioReactor();
    List<FileChannel> files = new ArrayList<>();
    byte[][] expected = {null};
    String path = dir.resolve("region.sock").toString();
    reactor.listenUNIX(path, sending(c -> expected[0] = writeMixed(c, files), new CompletableFuture<>()));
    TcpEchoTest.Collector client = new TcpEchoTest.Collector(new byte[0]);
    reactor.connectUNIX(path, new ClientFactory(() -> client));

    NioTesting.runUntil(reactor, client.closed, 30);

    assertThat(Arrays.equals(client.got.toByteArray(), expected[0])).as("bytes in order").isTrue();
    assertThat(files).noneMatch(FileChannel::isOpen);
  }

  /** Queues one 16 MiB region as a streaming producer; writes "END" when resumed. */
  final class RegionProducer extends Protocol implements PushProducer {
    final CountDownLatch paused = new CountDownLatch(1);
    final CompletableFuture<Failure> lost = new CompletableFuture<>();
    volatile FileChannel channel;
    volatile long queuedAtPause = -1;
    volatile long queuedAtResume = -1;
    volatile int pauses;
    volatile int resumes;

    @Override
    public void connectionMade() {
      transport.registerProducer(this, true);
      try {
        channel = open();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      ((StreamConnection) transport).writeFile(channel, 0, contents.length);
    }

    @Override
    public void pauseProducing() {
      pauses++;
      queuedAtPause = transport.getWriteBufferSize();
      paused.countDown();
    }

    @Override
    public void resumeProducing() {
      resumes++;
      queuedAtResume = transport.getWriteBufferSize();
      transport.write("END".getBytes(StandardCharsets.US_ASCII));
      transport.unregisterProducer();
      transport.loseConnection();
    }

    @Override
    public void stopProducing() {}

    @Override
    public void connectionLost(Failure reason) {
      lost.complete(reason);
    }
  }

  /** A client socket with a small receive window, so the kernel cannot take the whole file. */
  private static SocketChannel slowClient(int port) throws IOException {
    SocketChannel ch = SocketChannel.open();
    ch.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
    ch.connect(new InetSocketAddress("127.0.0.1", port));
    ch.socket().setSoTimeout(30_000);
    return ch;
  }

  /** What a test's client does once the server has paused with the region queued. */
  interface SlowClientAction {
    void run(SocketChannel ch) throws Exception;
  }

  /**
   * Serves {@code server}'s region to a client that reads nothing until the producer has paused,
   * then runs {@code action} and closes the client; returns why the server's connection ended,
   * after checking that the file was closed by then.
   */
  private static Failure serve(RegionProducer server, SlowClientAction action) throws Exception {
    try (NioTesting t = new NioTesting()) {
      int port = t.call(() -> NioTesting.port(t.reactor.listenTCP(0,
          Factory.forProtocol(() -> server), 50, "127.0.0.1")));
      try (SocketChannel ch = slowClient(port)) {
        // Not reading: the socket takes what fits, the rest of the region waits in the queue.
        assertThat(server.paused.await(30, TimeUnit.SECONDS)).as("producer paused").isTrue();
        action.run(ch);
      }
      Failure reason = server.lost.get(30, TimeUnit.SECONDS);
      assertThat(t.call(() -> server.channel.isOpen())).as("file open after the end").isFalse();
      return reason;
    }
  }

  @Test
  void aSlowReaderPausesTheProducerUntilTheRegionHasDrainedToTheLowMark() throws Exception {
    RegionProducer server = new RegionProducer();
    byte[] expected = Arrays.copyOf(contents, contents.length + 3);
    System.arraycopy("END".getBytes(StandardCharsets.US_ASCII), 0, expected, contents.length, 3);
    ByteArrayOutputStream got = new ByteArrayOutputStream();

    Failure reason = serve(server, ch -> {
      assertThat(server.resumes).as("not resumed while nothing is read").isZero();
      InputStream in = ch.socket().getInputStream();
      byte[] buf = new byte[4096]; // small reads
      int n;
      while ((n = in.read(buf)) >= 0) {
        got.write(buf, 0, n);
      }
    });

    assertThat(reason.check(ConnectionDone.class)).isNotNull();
    assertThat(Arrays.equals(got.toByteArray(), expected)).as("file then END").isTrue();
    // The queue held the region (above the 64 KiB high mark, less what the kernel took at once)
    // and the producer was resumed once, when the region's rest was at the 16 KiB low mark.
    assertThat(server.pauses).isEqualTo(1);
    assertThat(server.queuedAtPause).isGreaterThan(64 * 1024).isLessThan(contents.length);
    assertThat(server.resumes).isEqualTo(1);
    assertThat(server.queuedAtResume).isBetween(0L, 16L * 1024);
  }

  @Test
  void losingTheConnectionMidTransferClosesTheFile() throws Exception {
    RegionProducer server = new RegionProducer();

    Failure reason = serve(server, ch -> {
      ch.socket().getInputStream().readNBytes(100_000);
      ch.setOption(StandardSocketOptions.SO_LINGER, 0); // a reset: the client is gone
    });

    assertThat(reason.check(ConnectionLost.class)).isNotNull();
    assertThat(OpenFiles.descriptorsOn(file)).as("descriptors open on the file").isZero();
    assertThat(server.resumes).isZero();
  }

  @Test
  void aFileThatShrinksUnderARegionClosesTheConnectionInsteadOfHanging() throws Exception {
    RegionProducer server = new RegionProducer();
    long[] got = {-1};

    Failure reason = serve(server, ch -> {
      try (FileChannel w = FileChannel.open(file, StandardOpenOption.WRITE)) {
        w.truncate(MIB);
      }
      // What was sent before the file shrank arrives, then the end of the connection.
      got[0] = ch.socket().getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    });

    assertThat(reason.check(ConnectionLost.class)).isNotNull();
    assertThat(reason.getErrorMessage()).contains("shrank");
    assertThat(got[0]).isBetween(0L, (long) contents.length - 1);
    assertThat(server.resumes).isZero();
  }
}
