package dev.torsion.internet.ssl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.ConnectionDone;
import dev.torsion.internet.PushProducer;
import dev.torsion.internet.task.Clock;
import dev.torsion.trial.IOPump;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Megabytes of TLS echo over trial's pump with a narrow pipe and a slow reader: flow control
 * holds every queue near its high-water mark all the way through the TLS layers.
 */
class TlsPumpBackpressureTest {
  private static final int TOTAL = 4 * 1024 * 1024;
  private static final int CHUNK = 16 * 1024;
  private static final long PIPE = 8 * 1024; // bytes per pump, each direction
  private static final long HIGH_WATER = 64 * 1024;

  /** Echoes; its transport is its own producer, so reading stops while its writes back up. */
  static final class ThrottledEcho extends Recorder {
    @Override
    public void connectionMade() {
      transport.registerProducer(transport, true); // Twisted's idiom for a flow-controlled echo
    }

    @Override
    public void dataReceived(byte[] data) {
      transport.write(data);
    }
  }

  /** Sends {@code data} while the transport below lets it, then waits for the echo and closes. */
  static final class Sender extends Recorder implements PushProducer {
    private final byte[] data;
    private int sent;
    private boolean registered;
    boolean paused = true;
    int pauses;

    Sender(byte[] data) {
      this.data = data;
    }

    @Override
    public void connectionMade() {
      transport.registerProducer(this, true); // held paused by the TLS layer until the handshake
      registered = true;
    }

    @Override
    public void pauseProducing() {
      paused = true;
      pauses++;
    }

    @Override
    public void resumeProducing() {
      paused = false;
      while (!paused && sent < data.length) {
        int n = Math.min(CHUNK, data.length - sent);
        transport.write(Arrays.copyOfRange(data, sent, sent + n));
        sent += n;
      }
      if (sent == data.length && registered) {
        registered = false;
        transport.unregisterProducer();
      }
    }

    @Override
    public void stopProducing() {}

    @Override
    public void dataReceived(byte[] chunk) {
      super.dataReceived(chunk);
      if (received.size() == data.length) {
        transport.loseConnection();
      }
    }
  }

  @Test
  void megabytesEchoIntactWhileEveryQueueStaysBounded() {
    byte[] data = new byte[TOTAL];
    new Random(11).nextBytes(data);
    Clock clock = new Clock();
    ThrottledEcho server = new ThrottledEcho();
    Sender client = new Sender(data);
    IOPump pump =
        IOPump.connect(
            TLS.wrap(server, TestCerts.server().build(), clock),
            TLS.wrap(client, TestCerts.client().build(), clock),
            false);
    pump.setMaxBytesPerPump(PIPE).setHighWaterMark(HIGH_WATER);
    long[] maxQueued = new long[2];
    boolean[] serverReadingPaused = new boolean[1];
    int[] step = new int[1];
    pump.onEachPump(
        () -> {
          maxQueued[0] = Math.max(maxQueued[0], pump.clientTransport().queuedBytes());
          maxQueued[1] = Math.max(maxQueued[1], pump.serverTransport().queuedBytes());
          serverReadingPaused[0] |= pump.serverTransport().isReadingPaused();
          // The client reads every other round once the handshake is done: a reader slower
          // than the writer, so the server's echo must be held back by its own flow control.
          if (client.isConnected() && client.tls().isHandshakeDone()) {
            if (step[0]++ % 2 == 0) {
              client.getTransport().pauseProducing();
            } else {
              client.getTransport().resumeProducing();
            }
          }
        });

    // Not flush(): a round in which only the paused client could have moved is a quiet one.
    for (int i = 0; i < 100_000 && !pump.serverTransport().isClosed(); i++) {
      pump.pump();
    }

    assertThat(client.received.size()).isEqualTo(TOTAL);
    assertThat(Arrays.equals(client.received.toByteArray(), data)).isTrue();
    assertThat(client.reason.value()).isInstanceOf(ConnectionDone.class);
    assertThat(server.reason.value()).isInstanceOf(ConnectionDone.class);
    assertThat(client.pauses).isGreaterThan(10);
    assertThat(serverReadingPaused[0]).isTrue();
    // A chunk of ciphertext past the mark at most: never megabytes.
    long bound = HIGH_WATER + 2 * CHUNK;
    assertThat(maxQueued[0]).isGreaterThan(HIGH_WATER / 2).isLessThanOrEqualTo(bound);
    assertThat(maxQueued[1]).isGreaterThan(HIGH_WATER / 2).isLessThanOrEqualTo(bound);
    assertThat(clock.getDelayedCalls()).isEmpty();
  }
}
