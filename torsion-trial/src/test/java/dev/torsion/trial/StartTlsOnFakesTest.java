package dev.torsion.trial;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ssl.SelfSignedCertificate;
import dev.torsion.internet.ssl.TLS;
import dev.torsion.internet.ssl.TLSHandshakeError;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.internet.ssl.TLSTransport;
import dev.torsion.internet.task.Clock;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@code transport.startTLS} on trial's fakes puts a real TLS layer under the protocol. */
class StartTlsOnFakesTest {
  private static final SelfSignedCertificate CERT = SelfSignedCertificate.generate("localhost");
  private static final TLSOptions SERVER = TLSOptions.forServer(CERT.keyMaterial()).build();
  private static final TLSOptions CLIENT =
      TLSOptions.forClient("localhost").trustRoots(CERT.certificate()).build();

  static final class Recorder extends Protocol {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    Failure lost;

    @Override
    public void dataReceived(byte[] data) {
      received.writeBytes(data);
    }

    @Override
    public void connectionLost(Failure reason) {
      lost = reason;
    }
  }

  @Test
  void pumpEndsSwitchToTlsMidConnectionAndKeepTheirProtocols() {
    Recorder server = new Recorder();
    Recorder client = new Recorder();
    IOPump pump = IOPump.connect(server, client);
    client.getTransport().write("plain, ".getBytes(UTF_8));
    pump.flush();

    pump.serverTransport().startTLS(SERVER);
    pump.clientTransport().startTLS(CLIENT);
    client.getTransport().write("then secret".getBytes(UTF_8));
    pump.flush();

    assertThat(server.received.toString(UTF_8)).isEqualTo("plain, then secret");
    assertThat(server.getTransport()).isInstanceOf(TLSTransport.class);
    assertThat(((TLSTransport) client.getTransport()).isHandshakeDone()).isTrue();
    assertThat(pump.<Recorder>server()).isSameAs(server);
    assertThat(pump.serverTransport().protocol()).isSameAs(server);
    assertThat(TLS.unwrap(pump.serverTransport().currentProtocol())).isSameAs(server);
  }

  @Test
  void pumpHandshakeTimeoutRunsOnTheClockGivenToThePump() {
    Clock clock = new Clock();
    Recorder server = new Recorder();
    IOPump pump = IOPump.connect(server, new Recorder()).setReactorTime(clock);

    pump.serverTransport().startTLS(TLSOptions.forServer(CERT.keyMaterial()).handshakeTimeout(5).build());
    clock.advance(5);
    pump.flush();

    assertThat(server.lost.value()).isInstanceOf(TLSHandshakeError.class);
    assertThat(clock.getDelayedCalls()).isEmpty();
  }

  @Test
  void stringTransportWithDisconnectionRecordsPlaintextThenTheHandshake() {
    Recorder proto = new Recorder();
    StringTransportWithDisconnection transport = new StringTransportWithDisconnection(proto);
    proto.makeConnection(transport);
    proto.getTransport().write("220 ready\r\n".getBytes(UTF_8));

    transport.startTLS(CLIENT);

    byte[] written = transport.value();
    assertThat(new String(written, 0, 11, UTF_8)).isEqualTo("220 ready\r\n");
    // Then a TLS handshake record (content type 22): the ClientHello.
    assertThat(Arrays.copyOfRange(written, 11, 13)).containsExactly(22, 3);
    assertThat(TLS.unwrap(transport.protocol)).isSameAs(proto);
    assertThat(proto.getTransport()).isInstanceOf(TLSTransport.class);
  }

  @Test
  void stringTransportWithDisconnectionFeedsLaterInputThroughTheTlsLayer() {
    Recorder proto = new Recorder();
    StringTransportWithDisconnection transport = new StringTransportWithDisconnection(proto);
    proto.makeConnection(transport);
    transport.startTLS(SERVER);

    transport.protocol.dataReceived("RCPT TO:<evil@x>\r\n".getBytes(UTF_8));

    assertThat(proto.received.size()).isZero();
    assertThat(transport.disconnecting).isTrue();
    assertThat(proto.lost.value()).isInstanceOf(TLSHandshakeError.class);
  }

  @Test
  void startTlsOnAClosedPumpConnectionIsRefused() {
    Recorder server = new Recorder();
    IOPump pump = IOPump.connect(server, new Recorder());
    server.getTransport().loseConnection();
    pump.flush();

    assertThatThrownBy(() -> pump.serverTransport().startTLS(SERVER))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed connection");
    assertThat(pump.serverTransport().currentProtocol()).isSameAs(server);
  }

  @Test
  void aPlainStringTransportCannotStartTls() {
    StringTransport transport = new StringTransport();

    assertThatThrownBy(() -> transport.startTLS(CLIENT))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("StringTransport cannot start TLS");
  }
}
