package dev.torsion.internet.ssl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.ConnectionAborted;
import dev.torsion.internet.ConnectionDone;
import dev.torsion.internet.ConnectionLost;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.PushProducer;
import dev.torsion.internet.task.Clock;
import dev.torsion.trial.IOPump;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** TLS between two in-memory ends: handshake, data, close, failures, flow control. */
class TlsPumpTest {
  private final Clock clock = new Clock();

  private IOPump connect(Recorder server, TLSOptions serverOptions, Recorder client, TLSOptions clientOptions) {
    return IOPump.connect(
        TLS.wrap(server, serverOptions, clock), TLS.wrap(client, clientOptions, clock));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void handshakeCompletesAndDataFlowsBothWays() {
    Recorder server = Recorder.echo();
    Recorder client = new Recorder();
    IOPump pump = connect(server, TestCerts.server().build(), client, TestCerts.client().build());

    client.getTransport().write(bytes("hello over TLS"));
    pump.flush();

    assertThat(server.handshakes).isEqualTo(1);
    assertThat(client.handshakes).isEqualTo(1);
    assertThat(server.text()).isEqualTo("hello over TLS");
    assertThat(client.text()).isEqualTo("hello over TLS");
    assertThat(client.tls().getSession().getProtocol()).isEqualTo("TLSv1.3");
    assertThat(client.tls().getPeerCertificates().get(0))
        .isEqualTo(TestCerts.SERVER.certificate());
  }

  @Test
  void ciphertextOnTheWireIsNotThePlaintext() {
    Recorder server = new Recorder();
    Recorder client = new Recorder();
    Tap tap = new Tap(TLS.wrap(server, TestCerts.server().build(), clock));
    IOPump pump = IOPump.connect(tap, TLS.wrap(client, TestCerts.client().build(), clock));

    client.getTransport().write(bytes("secret-secret-secret"));
    pump.flush();

    assertThat(server.text()).isEqualTo("secret-secret-secret");
    assertThat(tap.raw.toString(StandardCharsets.ISO_8859_1)).doesNotContain("secret");
    assertThat(tap.raw.size()).isGreaterThan(20);
  }

  /** Records the raw bytes a protocol receives, then passes everything on. */
  static final class Tap extends Protocol {
    final java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
    private final Protocol inner;

    Tap(Protocol inner) {
      this.inner = inner;
    }

    @Override public void makeConnection(dev.torsion.internet.Transport t) {
      super.makeConnection(t);
      inner.makeConnection(t);
    }

    @Override public void dataReceived(byte[] data) {
      raw.writeBytes(data);
      inner.dataReceived(data);
    }

    @Override public void connectionLost(dev.torsion.internet.Failure reason) {
      inner.transportClosed(reason);
    }
  }

  @Test
  void writesMadeBeforeTheHandshakeAreSentAfterIt() {
    Recorder server = new Recorder();
    Recorder client =
        new Recorder() {
          @Override
          public void connectionMade() {
            transport.write(bytes("early "));
            transport.write(bytes("bird"));
          }
        };
    IOPump pump =
        IOPump.connect(
            TLS.wrap(server, TestCerts.server().build(), clock),
            TLS.wrap(client, TestCerts.client().build(), clock),
            false);
    pump.flush();

    assertThat(server.text()).isEqualTo("early bird");
  }

  @Test
  void loseConnectionSendsCloseNotifyAndBothSidesSeeACleanClose() {
    Recorder server = new Recorder();
    Recorder client = new Recorder();
    IOPump pump = connect(server, TestCerts.server().build(), client, TestCerts.client().build());

    client.getTransport().write(bytes("last words"));
    client.getTransport().loseConnection();
    pump.flush();

    assertThat(server.text()).isEqualTo("last words");
    assertThat(client.reason.value()).isInstanceOf(ConnectionDone.class);
    assertThat(server.reason.value()).isInstanceOf(ConnectionDone.class);
  }

  @Test
  void abortConnectionReportsConnectionAborted() {
    Recorder server = new Recorder();
    Recorder client = new Recorder();
    IOPump pump = connect(server, TestCerts.server().build(), client, TestCerts.client().build());

    client.getTransport().abortConnection();
    pump.flush();

    assertThat(client.reason.value()).isInstanceOf(ConnectionAborted.class);
    assertThat(server.reason.value()).isInstanceOf(ConnectionLost.class);
  }

  @Test
  void aCloseWithoutCloseNotifyIsReportedAsTruncation() {
    Recorder server = new Recorder();
    Recorder client = new Recorder();
    IOPump pump = connect(server, TestCerts.server().build(), client, TestCerts.client().build());

    pump.clientTransport().loseConnection(); // TCP close under the TLS layer: no close_notify
    pump.flush();

    assertThat(server.reason.value()).isExactlyInstanceOf(ConnectionLost.class);
    assertThat(server.reason.getErrorMessage()).contains("without close_notify");
  }

  @Test
  void untrustedServerCertificateFailsTheClientHandshake() {
    Recorder server = new Recorder();
    Recorder client = new Recorder();
    TLSOptions distrustful =
        TLSOptions.forClient("localhost").trustRoots(TestCerts.OTHER_CA.certificate()).build();
    connect(server, TestCerts.server().build(), client, distrustful).flush();

    assertThat(client.reason.value()).isInstanceOf(TLSHandshakeError.class);
    assertThat(client.reason.getErrorMessage())
        .contains("TLS handshake with")
        .containsIgnoringCase("certification path");
    assertThat(server.reason.value()).isInstanceOf(TLSHandshakeError.class);
    assertThat(client.handshakes).isZero();
  }

  @Test
  void hostnameMismatchFailsTheClientHandshake() {
    Recorder server = new Recorder();
    Recorder client = new Recorder();
    TLSOptions wrongName =
        TLSOptions.forClient("www.example.org").trustRoots(TestCerts.CA.certificate()).build();
    connect(server, TestCerts.server().build(), client, wrongName).flush();

    assertThat(client.reason.value()).isInstanceOf(TLSHandshakeError.class);
    assertThat(client.reason.getErrorMessage()).contains("www.example.org");
  }

  @Test
  void ipAddressIsVerifiedAgainstTheCertificatesIpEntries() {
    Recorder server = Recorder.echo();
    Recorder client = new Recorder();
    TLSOptions byIp =
        TLSOptions.forClient("127.0.0.1").trustRoots(TestCerts.CA.certificate()).build();
    IOPump pump = connect(server, TestCerts.server().build(), client, byIp);
    client.getTransport().write(bytes("ip"));
    pump.flush();

    assertThat(client.text()).isEqualTo("ip");
  }

  @Test
  void alpnPicksTheServersPreferredCommonProtocol() {
    Recorder server = new Recorder();
    Recorder client = new Recorder();
    connect(
            server,
            TestCerts.server().applicationProtocols("h2", "http/1.1").build(),
            client,
            TestCerts.client().applicationProtocols("http/1.1", "h2").build())
        .flush();

    assertThat(client.tls().getApplicationProtocol()).isEqualTo("h2");
    assertThat(server.tls().getApplicationProtocol()).isEqualTo("h2");
  }

  @Test
  void alpnWithNoCommonProtocolFailsTheHandshake() {
    Recorder server = new Recorder();
    Recorder client = new Recorder();
    connect(
            server,
            TestCerts.server().applicationProtocols("h2").build(),
            client,
            TestCerts.client().applicationProtocols("spdy/3").build())
        .flush();

    assertThat(client.reason.value()).isInstanceOf(TLSHandshakeError.class);
    assertThat(client.reason.getErrorMessage()).contains("no_application_protocol");
    assertThat(server.reason.value()).isInstanceOf(TLSHandshakeError.class);
  }

  @Test
  void requiredClientCertificateIsReadableOnTheServer() {
    Recorder server = Recorder.echo();
    Recorder client = new Recorder();
    IOPump pump =
        connect(
            server,
            TestCerts.server().clientAuth(ClientAuth.REQUIRED).trustRoots(TestCerts.CA.certificate()).build(),
            client,
            TestCerts.client().clientCertificate(TestCerts.CLIENT.keyMaterial()).build());
    client.getTransport().write(bytes("mutual"));
    pump.flush();

    assertThat(client.text()).isEqualTo("mutual");
    assertThat(server.tls().getPeerCertificates())
        .first()
        .isEqualTo(TestCerts.CLIENT.certificate());
  }

  @Test
  void requiredClientCertificateMissingFailsBothSides() {
    Recorder server = new Recorder();
    Recorder client = new Recorder();
    connect(
            server,
            TestCerts.server().clientAuth(ClientAuth.REQUIRED).trustRoots(TestCerts.CA.certificate()).build(),
            client,
            TestCerts.client().build())
        .flush();

    assertThat(server.reason.value()).isInstanceOf(TLSHandshakeError.class);
    assertThat(client.reason.value()).isInstanceOf(TLSError.class);
    assertThat(client.reason.getErrorMessage()).contains("certificate");
  }

  @Test
  void optionalClientCertificateMayBeAbsent() {
    Recorder server = new Recorder();
    Recorder client = new Recorder();
    connect(
            server,
            TestCerts.server().clientAuth(ClientAuth.OPTIONAL).trustRoots(TestCerts.CA.certificate()).build(),
            client,
            TestCerts.client().build())
        .flush();

    assertThat(server.handshakes).isEqualTo(1);
    assertThat(server.tls().getPeerCertificates()).isEmpty();
  }

  @Test
  void serverChoosesItsCertificateBySniName() {
    SelfSignedCertificate other =
        SelfSignedCertificate.builder().names("other.test").signedBy(TestCerts.CA).build();
    TLSOptions server =
        TestCerts.server().sniIdentity(other.keyMaterial()).build();
    Recorder toOther = new Recorder();
    connect(new Recorder(), server, toOther,
            TLSOptions.forClient("other.test").trustRoots(TestCerts.CA.certificate()).build())
        .flush();
    Recorder toDefault = new Recorder();
    connect(new Recorder(), server, toDefault, TestCerts.client().build()).flush();

    assertThat(toOther.tls().getPeerCertificates().get(0)).isEqualTo(other.certificate());
    assertThat(toDefault.tls().getPeerCertificates().get(0))
        .isEqualTo(TestCerts.SERVER.certificate());
  }

  @Test
  void stalledHandshakeTimesOut() {
    Recorder server = new Recorder();
    Recorder client = new Recorder();
    IOPump pump =
        IOPump.connect(
            TLS.wrap(server, TestCerts.server().handshakeTimeout(5).build(), clock), client);
    // the client is plain and says nothing: the server waits for a ClientHello
    clock.advance(4.9);
    pump.flush();
    assertThat(server.reason).isNull();

    clock.advance(0.2);
    pump.flush();

    assertThat(server.reason.value()).isInstanceOf(TLSHandshakeError.class);
    assertThat(server.reason.getErrorMessage()).contains("did not finish within 5.0 s");
    assertThat(clock.getDelayedCalls()).isEmpty();
  }

  @Test
  void plaintextSentToATlsServerClosesThatConnection() {
    Recorder server = new Recorder();
    Recorder client = new Recorder();
    IOPump pump = IOPump.connect(TLS.wrap(server, TestCerts.server().build(), clock), client);

    client.getTransport().write(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    pump.flush();

    assertThat(server.reason.value()).isInstanceOf(TLSHandshakeError.class);
    assertThat(server.received.size()).isZero();
    assertThat(client.reason).isNotNull();
    assertThat(clock.getDelayedCalls()).isEmpty();
  }

  @Test
  void largeTransferArrivesIntactInSmallPieces() {
    Recorder server = Recorder.echo();
    Recorder client = new Recorder();
    IOPump pump = connect(server, TestCerts.server().build(), client, TestCerts.client().build());
    pump.setMaxBytesPerPump(1000); // records split across many dataReceived calls
    byte[] data = new byte[300_000];
    new java.util.Random(7).nextBytes(data);

    client.getTransport().write(data);
    pump.flush();

    assertThat(client.received.toByteArray()).isEqualTo(data);
  }

  @Test
  void pausingTheTlsTransportStopsDeliveryUntilResumed() {
    Recorder server = new Recorder();
    Recorder client = new Recorder();
    IOPump pump = connect(server, TestCerts.server().build(), client, TestCerts.client().build());

    server.getTransport().pauseProducing();
    client.getTransport().write(bytes("held"));
    pump.flush();
    assertThat(server.received.size()).isZero();
    assertThat(pump.serverTransport().isReadingPaused()).isTrue();

    server.getTransport().resumeProducing();
    pump.flush();
    assertThat(server.text()).isEqualTo("held");
  }

  @Test
  void streamingProducerIsPausedWhileCiphertextIsBackedUp() {
    Recorder server = new Recorder();
    Recorder client = new Recorder();
    IOPump pump = connect(server, TestCerts.server().build(), client, TestCerts.client().build());
    pump.setHighWaterMark(32 * 1024);
    class Source implements PushProducer {
      boolean paused;
      int pauses;
      int sent;

      @Override public void pauseProducing() {
        paused = true;
        pauses++;
      }

      @Override public void resumeProducing() {
        paused = false;
        while (!paused && sent < 1_000_000) {
          client.getTransport().write(new byte[10_000]);
          sent += 10_000;
        }
        if (sent >= 1_000_000) {
          client.getTransport().unregisterProducer();
        }
      }

      @Override public void stopProducing() {}
    }
    Source source = new Source();
    client.getTransport().registerProducer(source, true);
    source.resumeProducing();

    assertThat(source.paused).isTrue();
    assertThat(pump.clientTransport().queuedBytes()).isLessThan(100_000);
    pump.flush();

    assertThat(source.sent).isEqualTo(1_000_000);
    assertThat(source.pauses).isGreaterThan(5);
    assertThat(server.received.size()).isEqualTo(1_000_000);
  }

  @Test
  void registeringAProducerDuringTheHandshakePausesItUntilDone() {
    Recorder server = new Recorder();
    PushProducerProbe probe = new PushProducerProbe();
    Protocol client =
        new Recorder() {
          @Override
          public void connectionMade() {
            transport.registerProducer(probe, true);
          }
        };
    IOPump pump =
        IOPump.connect(
            TLS.wrap(server, TestCerts.server().build(), clock),
            TLS.wrap(client, TestCerts.client().build(), clock),
            false);
    assertThat(probe.paused).isTrue();

    pump.flush();

    assertThat(probe.paused).isFalse();
  }

  static final class PushProducerProbe implements PushProducer {
    boolean paused;

    @Override public void pauseProducing() {
      paused = true;
    }

    @Override public void resumeProducing() {
      paused = false;
    }

    @Override public void stopProducing() {}
  }
}
