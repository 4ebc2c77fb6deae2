package dev.torsion.internet.ssl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Failure;
import dev.torsion.protocols.LineReceiver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** STARTTLS on a line protocol, SMTP-style, including the CVE-2011-0411 injection case. */
class StartTlsTest {
  /** "STARTTLS" switches to TLS; any other line is recorded with whether TLS was on. */
  static final class Server extends LineReceiver {
    final List<String> lines = new ArrayList<>();
    byte[] discarded = new byte[0];
    Failure reason;

    @Override
    public void lineReceived(byte[] line) {
      String text = new String(line, StandardCharsets.US_ASCII);
      boolean tls = transport instanceof TLSTransport;
      if (text.equals("STARTTLS") && !tls) {
        sendLine("220 go ahead");
        // RFC 3207 / CVE-2011-0411: input pipelined after STARTTLS arrived in plaintext; drop it
        discarded = clearLineBuffer();
        transport.startTLS(TestCerts.server().build());
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

  /** Records replies; "220" triggers its own startTLS as an SMTP client would. */
  static final class Client extends LineReceiver implements HandshakeListener {
    final List<String> replies = new ArrayList<>();
    boolean handshake;

    @Override
    public void lineReceived(byte[] line) {
      String text = new String(line, StandardCharsets.US_ASCII);
      replies.add((transport instanceof TLSTransport ? "tls:" : "plain:") + text);
      if (text.startsWith("220")) {
        transport.startTLS(TestCerts.client().build());
      }
    }

    @Override
    public void handshakeCompleted() {
      handshake = true;
    }
  }

  @Test
  void startTlsSwitchesBothSidesAndLaterLinesTravelEncrypted() {
    Server server = new Server();
    Client client = new Client();
    SwitchablePipe pipe = new SwitchablePipe(server, client);

    client.sendLine("HELO a");
    client.sendLine("STARTTLS");
    pipe.flush();
    assertThat(client.handshake).isTrue();
    client.sendLine("MAIL FROM:<a@b>");
    pipe.flush();

    assertThat(server.lines).containsExactly("plain:HELO a", "tls:MAIL FROM:<a@b>");
    assertThat(client.replies)
        .containsExactly("plain:250 HELO a", "plain:220 go ahead", "tls:250 MAIL FROM:<a@b>");
    assertThat(((TLSTransport) server.getTransport()).getSession().getProtocol()).isEqualTo("TLSv1.3");
  }

  @Test
  void plaintextPipelinedAfterStartTlsIsNeverTreatedAsTlsData() {
    Server server = new Server();
    Client client = new Client();
    SwitchablePipe pipe = new SwitchablePipe(server, client);

    // the attacker's injection: one plaintext packet holding STARTTLS and a command after it
    pipe.client.write("STARTTLS\r\nRCPT TO:<evil@x>\r\n".getBytes(StandardCharsets.US_ASCII));
    pipe.flush();
    client.sendLine("RCPT TO:<good@x>");
    pipe.flush();

    assertThat(new String(server.discarded, StandardCharsets.US_ASCII))
        .isEqualTo("RCPT TO:<evil@x>\r\n");
    assertThat(server.lines).containsExactly("tls:RCPT TO:<good@x>");
  }

  @Test
  void plaintextArrivingAfterTheSwitchFailsTheHandshake() {
    Server server = new Server();
    Client client = new Client();
    SwitchablePipe pipe = new SwitchablePipe(server, client);

    pipe.client.write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
    pipe.client.write("RCPT TO:<evil@x>\r\n".getBytes(StandardCharsets.US_ASCII));
    pipe.client.deliver(); // the server reads "STARTTLS" alone and switches to TLS

    assertThat(server.lines).isEmpty();
    pipe.flush(); // the next plaintext chunk reaches the TLS layer
    assertThat(server.reason.value()).isInstanceOf(TLSHandshakeError.class);
    assertThat(server.lines).isEmpty();
  }

  @Test
  void writesQueuedBeforeTheSwitchGoOutInPlaintextFirst() {
    Server server = new Server();
    Client client = new Client();
    SwitchablePipe pipe = new SwitchablePipe(server, client);

    client.sendLine("STARTTLS");
    pipe.flush();

    // "220 go ahead" was written before startTLS and must arrive readable, before the handshake
    assertThat(client.replies).startsWith("plain:220 go ahead");
    assertThat(client.handshake).isTrue();
  }

  @Test
  void startTlsTwiceIsRefused() {
    Server server = new Server();
    Client client = new Client();
    SwitchablePipe pipe = new SwitchablePipe(server, client);
    client.sendLine("STARTTLS");
    pipe.flush();

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> client.getTransport().startTLS(TestCerts.client().build()))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
