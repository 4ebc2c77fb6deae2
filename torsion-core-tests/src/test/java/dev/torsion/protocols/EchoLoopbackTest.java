package dev.torsion.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.HalfCloseableProtocol;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.NioReactor;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.endpoints.Endpoints;
import dev.torsion.internet.endpoints.HostnameEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Echo over real loopback TCP on the NioReactor, listening through an endpoint string. */
@Timeout(60)
class EchoLoopbackTest {
  private NioReactor reactor;
  private Thread reactorThread;
  private ListeningPort port;

  @BeforeEach
  void startEchoServer() {
    reactor = new NioReactor();
    AtomicReference<ListeningPort> listening = new AtomicReference<>();
    Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")
        .listen(Factory.forProtocol(Echo::new))
        .addCallback(p -> { listening.set(p); return null; });
    port = listening.get();
    assertThat(port).isNotNull();
    reactorThread = new Thread(reactor::run, "echo-loopback-reactor");
    reactorThread.start();
  }

  @AfterEach
  void stopReactor() throws InterruptedException {
    reactor.callFromThread(reactor::stop);
    reactorThread.join(10_000);
    assertThat(reactorThread.isAlive()).isFalse();
  }

  private int portNumber() {
    return ((IPv4Address) port.getHost()).port();
  }

  @Test
  void aClientThatSendsAMegabyteAndHalfClosesGetsEveryByteBack() throws Exception {
    byte[] sent = new byte[1 << 20];
    new Random(1).nextBytes(sent);
    try (Socket socket = new Socket("127.0.0.1", portNumber())) {
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(
              () -> {
                try {
                  OutputStream out = socket.getOutputStream();
                  out.write(sent);
                  out.flush();
                  socket.shutdownOutput(); // half-close: "that is all"
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              });
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[65536];
      int n;
      while ((n = in.read(buf)) >= 0) { // ends when the server closes after echoing everything
        received.write(buf, 0, n);
      }
      writer.get(30, TimeUnit.SECONDS);
      assertThat(received.size()).isEqualTo(sent.length);
      assertThat(received.toByteArray()).isEqualTo(sent);
    }
  }

  /** Sends a line, half-closes, and collects the echo until the server closes. */
  static final class HalfClosingClient extends Protocol implements HalfCloseableProtocol {
    final ByteArrayOutputStream echoed = new ByteArrayOutputStream();
    final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public void connectionMade() {
      transport.write("over and out\r\n".getBytes());
      transport.loseWriteConnection();
    }

    @Override
    public void dataReceived(byte[] data) {
      echoed.writeBytes(data);
    }

    @Override
    public void readConnectionLost() {
      transport.loseConnection();
    }

    @Override
    public void connectionLost(Failure reason) {
      closed.countDown();
    }
  }

  @Test
  void hostnameEndpointConnectsToLocalhostOverWhicheverFamilyAnswers() throws Exception {
    // The server listens on 127.0.0.1 only: if "localhost" gives ::1 first, that attempt is
    // refused and the IPv4 one must win.
    HalfClosingClient client = new HalfClosingClient();
    CompletableFuture<Protocol> connected = new CompletableFuture<>();
    reactor.callFromThread(
        () ->
            Endpoints.connectProtocol(new HostnameEndpoint(reactor, "localhost", portNumber()), client)
                .addCallbacks(
                    p -> connected.complete(p),
                    f -> connected.completeExceptionally(f.value())));
    assertThat(connected.get(30, TimeUnit.SECONDS)).isSameAs(client);
    assertThat(client.closed.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(client.echoed.toString()).isEqualTo("over and out\r\n");
  }
}
