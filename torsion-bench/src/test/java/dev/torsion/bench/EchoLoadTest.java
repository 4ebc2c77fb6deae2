package dev.torsion.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.internet.Factory;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.NioReactor;
import dev.torsion.internet.Protocol;
import dev.torsion.protocols.Echo;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The echo load client counts only what it verified, and a single wrong byte fails the run. */
class EchoLoadTest {
  private NioReactor reactor;
  private Thread loop;

  /** Echoes like {@link Echo} but flips one byte after the first 100,000. */
  static final class CorruptingEcho extends Protocol {
    private long seen;

    @Override
    public void dataReceived(byte[] data) {
      if (seen <= 100_000 && seen + data.length > 100_000) {
        data[(int) (100_000 - seen)] ^= 1;
      }
      seen += data.length;
      transport.write(data);
    }
  }

  private InetSocketAddress serve(Supplier<? extends Protocol> protocol) throws Exception {
    reactor = new NioReactor();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    reactor.callWhenRunning(() -> port.complete(
        ((IPv4Address) reactor.listenTCP(0, Factory.forProtocol(protocol), 50, "127.0.0.1")
            .getHost()).port()));
    loop = new Thread(reactor::run, "echo-under-test");
    loop.start();
    return new InetSocketAddress("127.0.0.1", port.get(10, TimeUnit.SECONDS));
  }

  @AfterEach
  void stopReactor() throws InterruptedException {
    reactor.callFromThread(reactor::stop);
    loop.join(10_000);
    assertThat(loop.isAlive()).isFalse();
  }

  @Test
  void streamsAndVerifiesEveryByteOverSeveralConnections() throws Exception {
    InetSocketAddress server = serve(Echo::new);

    long verified = new EchoLoad(false, 256 * 1024).run(server, 4, 0.1, 0.2, 2);

    assertThat(verified).isGreaterThan(1_000_000);
  }

  @Test
  void pingPongGetsEachMessageBackBeforeSendingTheNext() throws Exception {
    InetSocketAddress server = serve(Echo::new);

    long verified = new EchoLoad(true, 64).run(server, 3, 0.1, 0.2, 1);

    assertThat(verified).isPositive();
    assertThat(verified % 64).isZero();
  }

  @Test
  void oneFlippedByteFailsTheRun() throws Exception {
    InetSocketAddress server = serve(CorruptingEcho::new);

    assertThatThrownBy(() -> new EchoLoad(false, 1 << 20).run(server, 1, 5, 5, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("differ");
  }
}
