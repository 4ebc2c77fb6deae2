package dev.torsion.mail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.task.Clock;
import dev.torsion.mail.MailFixture;
import dev.torsion.trial.StringTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ESMTPServerTest {
  @TempDir Path dir;
  MailFixture mail;
  Clock clock = new Clock();
  StringTransport transport;
  ESMTPServer server;

  @BeforeEach
  void setUp() throws Exception {
    mail = new MailFixture(dir, "10.0.0.0/8");
  }

  private void connect(SMTPServerOptions options, String peer) {
    server = (ESMTPServer) new ESMTPFactory(options, clock).buildProtocol(null);
    transport = new StringTransport(new IPv4Address("TCP", "127.0.0.1", 25),
        new IPv4Address("TCP", peer, 40000));
    server.makeConnection(transport);
  }

  private String send(String data) {
    transport.clear();
    server.dataReceived(data.getBytes(StandardCharsets.ISO_8859_1));
    return transport.valueString();
  }

  @Test
  void greetsAndListsTheExtensionsWithoutAuthBeforeTls() {
    connect(mail.smtp().build(), "192.0.2.1");
    assertThat(transport.valueString()).isEqualTo("220 mail.example.com ESMTP Torsion\r\n");

    String ehlo = send("EHLO client.test\r\n");

    assertThat(ehlo).startsWith("250-mail.example.com Hello client.test\r\n")
        .contains("250-SIZE 10485760\r\n", "250-8BITMIME\r\n", "250-PIPELINING\r\n",
            "250-ENHANCEDSTATUSCODES\r\n")
        .doesNotContain("AUTH").endsWith("250 HELP\r\n");
    assertThat(send("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n")).startsWith("538 5.7.11");
  }

  @Test
  void deliversToTheMaildirWithAReceivedHeaderAndDotsUnstuffed() throws Exception {
    connect(mail.smtp().build(), "192.0.2.1");
    String replies = send("EHLO c\r\nMAIL FROM:<x@remote.test> SIZE=100\r\nRCPT TO:<Alice@EXAMPLE.com>\r\n"
        + "DATA\r\nSubject: hi\r\n\r\n..leading dot\r\nbody\r\n.\r\nQUIT\r\n");

    assertThat(replies).contains("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 ")
        .containsPattern("250 2.0.0 Ok: queued as \\S+\r\n221 2.0.0 Bye\r\n");
    assertThat(mail.messages("alice")).hasSize(1);
    byte[] stored = mail.messages("alice").get(0);
    String text = new String(stored, StandardCharsets.ISO_8859_1);
    assertThat(text).startsWith("Received: from c ([127.0.0.1])".replace("127.0.0.1", "192.0.2.1"))
        .contains("by mail.example.com (Torsion) with ESMTP", "for <Alice@EXAMPLE.com>");
    assertThat(MailFixture.withoutReceived(stored))
        .isEqualTo("Subject: hi\r\n\r\n.leading dot\r\nbody\r\n");
    assertThat(Files.list(mail.domains.spool())).isEmpty();
  }

  @Test
  void refusesUnknownLocalUsersAndRelayFromStrangers() {
    connect(mail.smtp().build(), "192.0.2.1");
    String replies = send("HELO c\r\nMAIL FROM:<>\r\nRCPT TO:<nobody@example.com>\r\n"
        + "RCPT TO:<someone@elsewhere.test>\r\nDATA\r\n");

    assertThat(replies).contains("550 5.1.1 <nobody@example.com>")
        .contains("554 5.7.1 <someone@elsewhere.test>: Relay access denied")
        .endsWith("554 5.5.1 No valid recipients\r\n");
  }

  @Test
  void queuesForeignMailFromARelayNetworkWithoutWaitingOnDns() throws Exception {
    connect(mail.smtp().build(), "10.1.2.3");
    String replies = send("HELO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<z@elsewhere.test>\r\n"
        + "DATA\r\nhello\r\n.\r\n");

    assertThat(replies).contains("250 2.1.5 Ok").contains("250 2.0.0 Ok: queued as");
    assertThat(mail.queue.entries()).hasSize(1);
    assertThat(mail.queue.entries().get(0).recipients()).containsExactly("z@elsewhere.test");
  }

  @Test
  void aBareLfDotLfNeverEndsTheMessageAndRefusesIt() throws Exception {
    connect(mail.smtp().build(), "192.0.2.1");
    // The smuggling trick: "\n.\n" then a second, forged transaction, inside one DATA.
    String replies = send("HELO c\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.com>\r\n"
        + "DATA\r\nSubject: one\r\n\r\nbody\n.\nMAIL FROM:<admin@example.com>\nRCPT TO:<bob@example.com>\n"
        + "DATA\nforged\n.\r\n.\r\n");

    assertThat(replies).endsWith("354 End data with <CR><LF>.<CR><LF>\r\n"
        + "550 5.6.0 Message refused: bare CR or LF in the message (RFC 5321 2.3.8)\r\n");
    assertThat(mail.messages("alice")).isEmpty();
    assertThat(mail.messages("bob")).isEmpty();
  }

  @Test
  void aBareCrDotCrIsDataToo() throws Exception {
    connect(mail.smtp().build(), "192.0.2.1");
    String replies = send("HELO c\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.com>\r\n"
        + "DATA\r\nx\r.\rRSET\r\n");
    assertThat(replies).endsWith("354 End data with <CR><LF>.<CR><LF>\r\n");
    assertThat(send(".\r\n")).startsWith("550 5.6.0");
    assertThat(mail.messages("alice")).isEmpty();
  }

  @Test
  void aMessageOverTheSizeLimitIsReadToItsEndAndRefusedWith552() throws Exception {
    connect(mail.smtp().maxMessageSize(1000).build(), "192.0.2.1");
    assertThat(send("EHLO c\r\nMAIL FROM:<a@remote.test> SIZE=5000\r\n")).endsWith(
        "552 5.3.4 Message size exceeds fixed maximum message size\r\n");
    send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\n");
    String line = "x".repeat(100) + "\r\n";
    for (int i = 0; i < 50; i++) {
      assertThat(send(line)).isEmpty();
    }
    assertThat(send(".\r\nNOOP\r\n")).isEqualTo(
        "552 5.3.4 Message size exceeds fixed maximum message size\r\n250 2.0.0 Ok\r\n");
    assertThat(mail.messages("alice")).isEmpty();
  }

  @Test
  void anOverlongCommandIsRefusedAndTheSessionGoesOn() {
    connect(mail.smtp().build(), "192.0.2.1");
    assertThat(send("HELO " + "a".repeat(600) + "\r\nNOOP\r\n"))
        .isEqualTo("500 5.5.2 Line too long\r\n250 2.0.0 Ok\r\n");
  }

  @Test
  void vrfyIs252AndNoopAndRsetWork() {
    connect(mail.smtp().build(), "192.0.2.1");
    assertThat(send("VRFY alice\r\nNOOP\r\nRSET\r\n")).isEqualTo(
        "252 2.5.2 Cannot VRFY user, but will accept message and attempt delivery\r\n"
            + "250 2.0.0 Ok\r\n250 2.0.0 Ok\r\n");
  }

  @Test
  void tooManyErrorsEndTheSession() {
    connect(mail.smtp().maxErrors(3).build(), "192.0.2.1");
    String replies = send("BOGUS\r\nBOGUS\r\nBOGUS\r\nNOOP\r\n");
    assertThat(replies).endsWith("421 4.7.0 mail.example.com Error: too many errors\r\n");
    assertThat(transport.disconnecting).isTrue();
  }

  @Test
  void anIdleClientIsDroppedAfterTheTimeout() {
    connect(mail.smtp().build(), "192.0.2.1");
    clock.advance(299);
    send("NOOP\r\n");
    clock.advance(299);
    assertThat(transport.disconnecting).isFalse();
    transport.clear();
    clock.advance(2);
    assertThat(transport.valueString()).startsWith("421 4.4.2");
    assertThat(transport.disconnecting).isTrue();
  }

  @Test
  void tooManyRecipientsGet452() {
    connect(mail.smtp().maxRecipients(2).build(), "192.0.2.1");
    String replies = send("HELO c\r\nMAIL FROM:<a@r.test>\r\nRCPT TO:<alice@example.com>\r\n"
        + "RCPT TO:<bob@example.com>\r\nRCPT TO:<alice@example.com>\r\n");
    assertThat(replies).endsWith("250 2.1.5 Ok\r\n452 4.5.3 Too many recipients\r\n");
  }

  @Test
  void authPlainWithNameAtDomainWhenPlaintextAuthIsAllowed() {
    connect(mail.smtp().plaintextAuth(true).build(), "192.0.2.1");
    assertThat(send("EHLO c\r\n")).contains("250-AUTH PLAIN LOGIN CRAM-MD5\r\n");
    String creds = Base64.getEncoder().encodeToString(
        "\u0000alice@example.com\u0000secret".getBytes(StandardCharsets.UTF_8));
    assertThat(send("AUTH PLAIN " + creds + "\r\n")).isEqualTo("235 2.7.0 Authentication successful\r\n");
    assertThat(send("MAIL FROM:<alice@example.com>\r\nRCPT TO:<x@elsewhere.test>\r\n"))
        .endsWith("250 2.1.5 Ok\r\n");
  }

  @Test
  void authLoginWithAWrongPasswordIs535() {
    connect(mail.smtp().plaintextAuth(true).build(), "192.0.2.1");
    send("EHLO c\r\n");
    assertThat(send("AUTH LOGIN\r\n")).isEqualTo("334 VXNlcm5hbWU6\r\n");
    assertThat(send(b64("alice") + "\r\n")).isEqualTo("334 UGFzc3dvcmQ6\r\n");
    assertThat(send(b64("wrong") + "\r\n")).isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");
  }

  @Test
  void authCramMd5() {
    connect(mail.smtp().plaintextAuth(true).build(), "192.0.2.1");
    send("EHLO c\r\n");
    String challengeLine = send("AUTH CRAM-MD5\r\n");
    assertThat(challengeLine).startsWith("334 ");
    String challenge = new String(Base64.getDecoder().decode(challengeLine.substring(4).trim()),
        StandardCharsets.UTF_8);
    String answer = dev.torsion.cred.CramMD5Credentials.respond(challenge, "bob", "hunter2");
    assertThat(send(b64(answer) + "\r\n")).isEqualTo("235 2.7.0 Authentication successful\r\n");
  }

  @Test
  void postmasterWithoutADomainIsTheLocalPostmaster() {
    mail.users.addUser("postmaster", "x");
    connect(mail.smtp().build(), "192.0.2.1");
    assertThat(send("HELO c\r\nMAIL FROM:<>\r\nRCPT TO:<Postmaster>\r\n")).endsWith("250 2.1.5 Ok\r\n");
  }

  @Test
  void commandsArrivingInOneChunkAreAnsweredInOrder() {
    connect(mail.smtp().build(), "192.0.2.1");
    StringBuilder all = new StringBuilder();
    String input = "EHLO c\r\nMAIL FROM:<a@r.test>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\nhi\r\n.\r\nQUIT\r\n";
    for (char c : input.toCharArray()) {
      all.append(send(String.valueOf(c)));
    }
    assertThat(all.toString()).contains("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 ")
        .endsWith("221 2.0.0 Bye\r\n");
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
