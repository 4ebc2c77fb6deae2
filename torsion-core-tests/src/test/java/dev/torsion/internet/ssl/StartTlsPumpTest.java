package dev.torsion.internet.ssl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.ConnectionDone;
import dev.torsion.internet.Failure;
import dev.torsion.internet.task.Clock;
import dev.torsion.protocols.LineReceiver;
import dev.torsion.trial.IOPump;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * STARTTLS on trial's in-memory pump: {@code transport.startTLS} on a {@link
 * dev.torsion.trial.FakeTransport} puts a real TLS layer under a live line protocol, as on TCP.
 */
class StartTlsPumpTest {
  private final Clock clock = new Clock();

  /** SMTP-like: "STARTTLS" switches to TLS; other lines are recorded with whether TLS was on. */
  static final class Server extends LineReceiver {
    final List<String> lines = new ArrayList<>();
    byte[] discarded;
    Failure reason;

    @Override
    public void lineReceived(byte[] line) {
      String text = new String(line, StandardCharsets.US_ASCII);
      boolean tls = transport instanceof TLSTransport;
      if (text.equals("STARTTLS") && !tls) {
        sendLine("220 go ahead");
        // RFC 3207 section 4.2 (CVE-2011-0411): what was pipelined after STARTTLS came in
        // plaintext, so it is dropped, never processed as if TLS protected it.
        discarded = clearLineBuffer();
        transport.startTLS(TestCerts.server().handshakeTimeout(30).build());
        return;
      }
      lines.add((tls ? "tls:" : "plain:") + text);
      sendLine("250 " + text);
    }

    @Override
    public void connectionLost(Failure reason) {
      this.reason = reason;
    }
  }

  /** Records replies; on "220" it starts TLS itself, as an SMTP client does. */
  static final class Client extends LineReceiver implements HandshakeListener {
    final List<String> replies = new ArrayList<>();
    final boolean startsTls;
    int handshakes;
    Failure reason;

    Client(boolean startsTls) {
      this.startsTls = startsTls;
    }

    @Override
    public void lineReceived(byte[] line) {
      String text = new String(line, StandardCharsets.US_ASCII);
      replies.add((transport instanceof TLSTransport ? "tls:" : "plain:") + text);
      if (startsTls && text.startsWith("220")) {
        transport.startTLS(TestCerts.client().build());
      }
    }

    @Override
    public void handshakeCompleted() {
      handshakes++;
    }

    @Override
    public void connectionLost(Failure reason) {
      this.reason = reason;
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void startTlsSwitchesBothEndsAndLaterLinesTravelEncrypted() {
    Server server = new Server();
    Client client = new Client(true);
    IOPump pump = IOPump.connect(server, client).setReactorTime(clock);

    client.sendLine("HELO a");
    client.sendLine("STARTTLS");
    pump.flush();
    assertThat(client.handshakes).isEqualTo(1);
    client.sendLine("MAIL FROM:<a@b>");
    long plaintextLength = "MAIL FROM:<a@b>\r\n".length();
    // What the pump carries now is a TLS record: header and tag around the line.
    assertThat(pump.clientTransport().queuedBytes()).isGreaterThan(plaintextLength);
    pump.flush();

    assertThat(server.lines).containsExactly("plain:HELO a", "tls:MAIL FROM:<a@b>");
    assertThat(client.replies)
        .containsExactly("plain:250 HELO a", "plain:220 go ahead", "tls:250 MAIL FROM:<a@b>");
    assertThat(((TLSTransport) server.getTransport()).getSession().getProtocol())
        .isEqualTo("TLSv1.3");
    assertThat(((TLSTransport) client.getTransport()).getPeerCertificates().get(0))
        .isEqualTo(TestCerts.SERVER.certificate());
    // The pump still hands out the application protocols; the TLS layers sit under them.
    assertThat(pump.<Server>server()).isSameAs(server);
    assertThat(TLS.unwrap(pump.serverTransport().currentProtocol())).isSameAs(server);
    assertThat(clock.getDelayedCalls()).isEmpty(); // the handshake timeout was cancelled
  }

  @Test
  void closingAfterStartTlsSendsCloseNotifyAndBothSidesSeeACleanClose() {
    Server server = new Server();
    Client client = new Client(true);
    IOPump pump = IOPump.connect(server, client);
    client.sendLine("STARTTLS");
    pump.flush();

    client.sendLine("QUIT");
    client.getTransport().loseConnection();
    pump.flush();

    assertThat(server.lines).containsExactly("tls:QUIT");
    assertThat(server.reason.value()).isInstanceOf(ConnectionDone.class);
    assertThat(client.reason.value()).isInstanceOf(ConnectionDone.class);
    assertThat(pump.serverTransport().isClosed()).isTrue();
  }

  @Test
  void plaintextPipelinedAfterStartTlsIsDiscardedNotHandedUpAsTls() {
    Server server = new Server();
    Client client = new Client(true);
    IOPump pump = IOPump.connect(server, client);

    // The injection: one plaintext packet holding STARTTLS and a command behind it.
    pump.clientTransport().write(ascii("STARTTLS\r\nRCPT TO:<evil@x>\r\n"));
    pump.flush();
    assertThat(client.handshakes).isEqualTo(1);
    client.sendLine("RCPT TO:<good@x>");
    pump.flush();

    assertThat(new String(server.discarded, StandardCharsets.US_ASCII))
        .isEqualTo("RCPT TO:<evil@x>\r\n");
    assertThat(server.lines).containsExactly("tls:RCPT TO:<good@x>");
  }

  @Test
  void plaintextArrivingAfterTheSwitchGoesToTheTlsEngineAndFailsTheHandshake() {
    Server server = new Server();
    Client client = new Client(false);
    IOPump pump = IOPump.connect(server, client);
    pump.setMaxBytesPerPump("STARTTLS\r\n".length());

    pump.clientTransport().write(ascii("STARTTLS\r\nRCPT TO:<evil@x>\r\n"));
    pump.pump(); // the server reads "STARTTLS" alone and switches to TLS
    assertThat(server.getTransport()).isInstanceOf(TLSTransport.class);
    pump.setMaxBytesPerPump(Long.MAX_VALUE);
    pump.flush(); // the rest of the plaintext now reaches the TLS layer

    assertThat(server.discarded).isEmpty();
    assertThat(server.lines).isEmpty();
    assertThat(server.reason.value()).isInstanceOf(TLSHandshakeError.class);
    assertThat(pump.serverTransport().isClosed()).isTrue();
    assertThat(client.replies).containsExactly("plain:220 go ahead");
  }

  @Test
  void aPeerThatNeverStartsTlsTimesOutOnThePumpsClock() {
    Server server = new Server();
    Client client = new Client(false); // reads "220" and says nothing more
    IOPump pump = IOPump.connect(server, client).setReactorTime(clock);
    client.sendLine("STARTTLS");
    pump.flush();

    clock.advance(29.9);
    pump.flush();
    assertThat(server.reason).isNull();
    clock.advance(0.2);
    pump.flush();

    assertThat(server.reason.value()).isInstanceOf(TLSHandshakeError.class);
    assertThat(server.reason.getErrorMessage()).contains("did not finish within 30.0 s");
    assertThat(pump.serverTransport().isAborted()).isTrue();
    assertThat(clock.getDelayedCalls()).isEmpty();
  }

  @Test
  void startTlsTwiceOnOneEndIsRefused() {
    Server server = new Server();
    Client client = new Client(true);
    IOPump pump = IOPump.connect(server, client);
    client.sendLine("STARTTLS");
    pump.flush();

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> pump.clientTransport().startTLS(TestCerts.client().build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already");
  }
}
