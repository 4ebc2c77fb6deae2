package dev.torsion.internet.ssl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.ConnectionDone;
import dev.torsion.internet.ConnectionLost;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.HalfCloseableProtocol;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.NioTesting;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.endpoints.TCP4ClientEndpoint;
import dev.torsion.internet.task.Clock;
import dev.torsion.protocols.Echo;
import dev.torsion.trial.IOPump;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * loseWriteConnection over TLS: close_notify as a half-close (TLS 1.3), in memory and on real
 * TCP, and what TLS 1.2 makes of it.
 */
class TlsHalfCloseTest {
  private static final byte[] BYE = "<bye>".getBytes(StandardCharsets.US_ASCII);

  private final Clock clock = new Clock();

  /** Echo that writes a trailer after the peer's close_notify, to show it still may write. */
  static final class EchoThenBye extends Echo {
    int readClosed;
    Failure reason;

    @Override
    public void readConnectionLost() {
      readClosed++;
      transport.write(BYE);
      super.readConnectionLost();
    }

    @Override
    public void connectionLost(Failure reason) {
      this.reason = reason;
    }
  }

  /** Sends the payload, half-closes at once, then collects everything that comes back. */
  static final class Sender extends Protocol implements HalfCloseableProtocol {
    final byte[] payload;
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final Deferred<Failure> closed = new Deferred<>();
    boolean disconnectingAfterHalfClose;
    boolean writeClosed;
    Failure reason;

    Sender(byte[] payload) {
      this.payload = payload;
    }

    /** For the pump tests, which read {@link #reason} instead of waiting on {@link #closed}. */
    Sender inMemory() {
      closed.addErrback(f -> null);
      return this;
    }

    @Override
    public void connectionMade() {
      transport.write(payload);
      transport.loseWriteConnection();
      disconnectingAfterHalfClose = transport.isDisconnecting();
      transport.write("too late".getBytes(StandardCharsets.US_ASCII)); // must be dropped
    }

    @Override
    public void dataReceived(byte[] data) {
      received.writeBytes(data);
    }

    @Override
    public void readConnectionLost() {}

    @Override
    public void writeConnectionLost() {
      writeClosed = true;
    }

    @Override
    public void connectionLost(Failure reason) {
      this.reason = reason;
      closed.callback(reason);
    }
  }

  private static byte[] pattern(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i * 31 + (i >>> 9));
    }
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void underTls13AClientThatHalfClosesStillGetsEveryByteBack() {
    byte[] payload = pattern(1 << 20);
    EchoThenBye server = new EchoThenBye();
    Sender client = new Sender(payload).inMemory();
    IOPump pump = IOPump.connect(
        TLS.wrap(server, TestCerts.server().build(), clock),
        TLS.wrap(client, TestCerts.client().build(), clock));

    pump.flush();

    assertThat(client.disconnectingAfterHalfClose).isFalse();
    assertThat(client.writeClosed).isTrue();
    assertThat(server.readClosed).isEqualTo(1);
    assertThat(client.received.toByteArray()).isEqualTo(concat(payload, BYE));
    assertThat(client.reason.value()).isInstanceOf(ConnectionDone.class);
    assertThat(server.reason.value()).isInstanceOf(ConnectionDone.class);
  }

  @Test
  void underTls12AHalfCloseEndsTheWholeConnectionCleanly() {
    // RFC 5246 7.2.1: the peer answers close_notify with its own and stops sending, so the
    // echo may be cut short; what must hold is a clean end on both sides, not a hang.
    EchoThenBye server = new EchoThenBye();
    Sender client = new Sender("hello".getBytes(StandardCharsets.US_ASCII)).inMemory();
    IOPump pump = IOPump.connect(
        TLS.wrap(server, TestCerts.server().protocols("TLSv1.2").build(), clock),
        TLS.wrap(client, TestCerts.client().protocols("TLSv1.2").build(), clock));

    pump.flush();

    assertThat(server.readClosed).as("no half-close under TLS 1.2").isZero();
    assertThat(client.writeClosed).isTrue();
    assertThat(client.reason.value()).isInstanceOf(ConnectionDone.class);
    assertThat(server.reason.value()).isInstanceOf(ConnectionDone.class);
  }

  @Test
  void aFinWithoutCloseNotifyIsATruncationNotAHalfClose() {
    EchoThenBye server = new EchoThenBye();
    Recorder client = new Recorder();
    IOPump pump = IOPump.connect(
        TLS.wrap(server, TestCerts.server().build(), clock),
        TLS.wrap(client, TestCerts.client().build(), clock));
    client.getTransport().write("hello".getBytes(StandardCharsets.US_ASCII));
    pump.flush();

    pump.clientTransport().loseWriteConnection(); // a FIN under the TLS layer, no close_notify
    pump.flush();

    assertThat(client.text()).isEqualTo("hello");
    assertThat(server.readClosed).isZero();
    assertThat(server.reason.value()).isInstanceOf(ConnectionLost.class);
    assertThat(server.reason.getErrorMessage()).contains("without close_notify");
  }

  @Test
  void overRealTcpAHalfClosedTlsClientReadsTheWholeEchoAndTheTrailer() throws Exception {
    byte[] payload = pattern(4 << 20);
    Sender client = new Sender(payload);
    EchoThenBye[] server = new EchoThenBye[1];
    try (NioTesting t = new NioTesting("tls-test-reactor", NioTesting.SLOW_TIMEOUT_SECONDS)) {
      ListeningPort port = t.call(() -> t.reactor.listenTCP(0, TLS.wrapFactory(
          Factory.forProtocol(() -> server[0] = new EchoThenBye()), TestCerts.server().build(),
          t.reactor), 50, "127.0.0.1"));

      t.outcome(() -> new TCP4ClientEndpoint(t.reactor, "127.0.0.1", NioTesting.port(port))
          .connect(Factory.forProtocol(
              () -> TLS.wrap(client, TestCerts.client().build(), t.reactor))));
      Object reason = t.outcome(() -> client.closed);
      t.outcome(port::stopListening);

      assertThat(((Failure) reason).value()).isInstanceOf(ConnectionDone.class);
      assertThat(client.writeClosed).isTrue();
      assertThat(client.received.size()).isEqualTo(payload.length + BYE.length);
      assertThat(client.received.toByteArray()).isEqualTo(concat(payload, BYE));
      int readClosed = t.call(() -> server[0].readClosed);
      assertThat(readClosed).isEqualTo(1);
    }
  }
}
