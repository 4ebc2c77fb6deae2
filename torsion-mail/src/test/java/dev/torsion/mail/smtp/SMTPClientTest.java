package dev.torsion.mail.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.internet.TimeoutError;
import dev.torsion.internet.endpoints.TCP4ClientEndpoint;
import dev.torsion.internet.ssl.SelfSignedCertificate;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.internet.task.Clock;
import dev.torsion.mail.MailFixture;
import dev.torsion.trial.ReactorThread;
import dev.torsion.trial.StringTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ESMTP sender against scripted replies, and sendmail against Torsion's own server. */
class SMTPClientTest {
  static final SelfSignedCertificate CERT = SelfSignedCertificate.generate("localhost");

  @TempDir Path dir;
  Clock clock = new Clock();
  StringTransport transport = new StringTransport();
  ESMTPSender sender;
  Object[] outcome = new Object[1];

  private void start(SenderOptions options, List<String> to, String message) {
    sender = new ESMTPSender(clock, options, "a@example.com", to,
        message.getBytes(StandardCharsets.ISO_8859_1));
    sender.result().addCallbacks(v -> outcome[0] = v, f -> outcome[0] = f.value());
    sender.makeConnection(transport);
  }

  /** Feeds a server line and returns what the client wrote in answer. */
  private String server(String lines) {
    transport.clear();
    sender.dataReceived(lines.getBytes(StandardCharsets.ISO_8859_1));
    return transport.valueString();
  }

  @Test
  void addressesWithLineBreaksOrNulAreRefusedBeforeAnythingIsWritten() {
    for (String bad : List.of("b@example.org>\r\nRCPT TO:<c@evil.test", "b@exa\nmple.org",
        "b\0@example.org")) {
      assertThatThrownBy(() -> new ESMTPSender(clock, SenderOptions.defaults(), "a@example.com",
          List.of(bad), new byte[0])).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new ESMTPSender(clock, SenderOptions.defaults(), bad,
          List.of("b@example.org"), new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
    Throwable[] err = new Throwable[1];
    SMTPClient.sendmail(null, "127.0.0.1", 1, "a@example.com", List.of("x\r\n@y.test"),
        new byte[0], SenderOptions.defaults()).addErrback(f -> err[0] = f.value());
    assertThat(err[0]).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void perRecipientResultsAndDotStuffedData() {
    start(SenderOptions.builder().tls(SenderOptions.TLSMode.NONE, null).build(),
        List.of("b@example.org", "nobody@example.org"), ".hidden\nend");
    assertThat(server("220 mx ready\r\n")).isEqualTo("EHLO localhost\r\n");
    assertThat(server("250-mx\r\n250-SIZE 1000\r\n250 STARTTLS\r\n"))
        .isEqualTo("MAIL FROM:<a@example.com> SIZE=11\r\n");
    assertThat(server("250 ok\r\n")).isEqualTo("RCPT TO:<b@example.org>\r\n");
    assertThat(server("250 ok\r\n")).isEqualTo("RCPT TO:<nobody@example.org>\r\n");
    assertThat(server("550 5.1.1 no such user\r\n")).isEqualTo("DATA\r\n");
    assertThat(server("354 go\r\n")).isEqualTo("..hidden\r\nend\r\n.\r\n");
    assertThat(server("250 queued\r\n")).isEqualTo("QUIT\r\n");
    SentMail sent = (SentMail) outcome[0];
    assertThat(sent.acceptedCount()).isEqualTo(1);
    assertThat(sent.recipients()).containsExactly(
        new SentMail.Recipient("b@example.org", 250, "ok"),
        new SentMail.Recipient("nobody@example.org", 550, "5.1.1 no such user"));
  }

  @Test
  void noRecipientAcceptedFailsWithTheRefusals() {
    start(SenderOptions.builder().tls(SenderOptions.TLSMode.NONE, null).build(),
        List.of("b@example.org"), "x");
    server("220 mx\r\n");
    server("250 mx\r\n");
    server("250 ok\r\n");
    assertThat(server("550 no\r\n")).isEqualTo("QUIT\r\n");
    assertThat(outcome[0]).isInstanceOf(SMTPError.class);
    assertThat(((SMTPError) outcome[0]).recipients()).hasSize(1);
  }

  @Test
  void requiredTlsFailsWhenNotOfferedAndNoPasswordGoesInPlaintext() {
    start(SenderOptions.builder().tls(SenderOptions.TLSMode.REQUIRED, null).build(),
        List.of("b@example.org"), "x");
    server("220 mx\r\n");
    assertThat(server("250-mx\r\n250 AUTH PLAIN\r\n")).isEqualTo("QUIT\r\n");
    assertThat((Throwable) outcome[0]).isInstanceOf(SMTPError.class).hasMessageContaining("STARTTLS");

    transport = new StringTransport();
    start(SenderOptions.builder().tls(SenderOptions.TLSMode.OPPORTUNISTIC, null)
        .auth("alice", "secret").build(), List.of("b@example.org"), "x");
    server("220 mx\r\n");
    assertThat(server("250-mx\r\n250 AUTH PLAIN\r\n")).isEqualTo("QUIT\r\n");
    assertThat((Throwable) outcome[0]).isInstanceOf(SMTPError.class).hasMessageContaining("without TLS");
  }

  @Test
  void aSilentServerTimesOut() {
    start(SenderOptions.builder().timeout(30).build(), List.of("b@example.org"), "x");
    clock.advance(31);
    assertThat(outcome[0]).isInstanceOf(TimeoutError.class);
    assertThat(transport.aborted).isTrue();
  }

  @Test
  void aGarbledReplyFailsAndCloses() {
    start(SenderOptions.defaults(), List.of("b@example.org"), "x");
    server("HTTP/1.1 400 Bad Request\r\n");
    assertThat(outcome[0]).isInstanceOf(SMTPError.class);
    assertThat(transport.disconnecting).isTrue();
  }

  @Test
  void sendmailToTorsionsOwnServerWithStartTlsAndAuth() throws Exception {
    MailFixture mail = new MailFixture(dir);
    try (ReactorThread real = new ReactorThread()) {
      int port = real.listenTCP(new ESMTPFactory(mail.smtp()
          .tls(TLSOptions.forServer(CERT.keyMaterial()).build()).build(), real.reactor()));
      SenderOptions options = SenderOptions.builder()
          .tls(SenderOptions.TLSMode.REQUIRED,
              TLSOptions.forClient("localhost").trustRoots(CERT.certificate()).build())
          .auth("alice@example.com", "secret").heloName("client.test").build();
      byte[] message = "Subject: hi\r\n\r\n.dot\r\nbye\r\n".getBytes(StandardCharsets.ISO_8859_1);

      SentMail sent = real.call(() -> SMTPClient.sendmail(real.reactor(),
          new TCP4ClientEndpoint(real.reactor(), "127.0.0.1", port), "alice@example.com",
          List.of("bob@example.com", "nobody@example.com"), message, options));

      assertThat(sent.acceptedCount()).isEqualTo(1);
      assertThat(sent.recipients().get(1).code()).isEqualTo(550);
      assertThat(mail.messages("bob")).hasSize(1);
      assertThat(MailFixture.withoutReceived(mail.messages("bob").get(0)))
          .isEqualTo("Subject: hi\r\n\r\n.dot\r\nbye\r\n");
      assertThat(new String(mail.messages("bob").get(0), StandardCharsets.ISO_8859_1))
          .contains("ESMTPSA"); // RFC 3848: TLS and AUTH were both used
    }
  }
}
