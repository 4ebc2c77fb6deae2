package dev.torsion.mail.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.cred.APOPCredentials;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.task.Clock;
import dev.torsion.mail.MailFixture;
import dev.torsion.trial.StringTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class POP3ServerTest {
  @TempDir Path dir;
  MailFixture mail;
  Clock clock = new Clock();
  StringTransport transport;
  POP3Server server;
  String greeting;

  @BeforeEach
  void setUp() throws Exception {
    mail = new MailFixture(dir);
    Path a = dir.resolve("a.eml");
    Files.writeString(a, "Subject: one\r\n\r\n.dotted\r\nline2\r\n");
    mail.domains.maildirFor("alice").deliver(a);
    // Written by some other program: bare LF line ends, counted as CRLF.
    Path b = dir.resolve("b.eml"); // not a: delivery hard-links
    Files.writeString(b, "Subject: two\n\nx\n");
    mail.domains.maildirFor("alice").deliver(b);
  }

  private void connect(String peer) {
    server = (POP3Server) new POP3Factory(POP3ServerOptions.builder("mail.example.com", mail.portal)
        .loginName(n -> mail.domains.userFor(n) != null ? mail.domains.userFor(n) : n).build(),
        clock).buildProtocol(null);
    transport = new StringTransport(new IPv4Address("TCP", "127.0.0.1", 110),
        new IPv4Address("TCP", peer, 40000));
    server.makeConnection(transport);
    greeting = transport.valueString();
  }

  private String send(String data) {
    transport.clear();
    server.dataReceived(data.getBytes(StandardCharsets.ISO_8859_1));
    return transport.valueString();
  }

  @Test
  void listCountsCrlfAndRetrDotStuffs() {
    connect("127.0.0.1");
    assertThat(send("USER alice@example.com\r\nPASS secret\r\n")).isEqualTo("+OK send PASS\r\n+OK 2 messages\r\n");
    assertThat(send("STAT\r\n")).isEqualTo("+OK 2 " + (32 + 19) + "\r\n");
    assertThat(send("LIST\r\n")).isEqualTo("+OK\r\n1 32\r\n2 19\r\n.\r\n");
    assertThat(send("LIST 2\r\n")).isEqualTo("+OK 2 19\r\n");
    assertThat(send("RETR 1\r\n")).isEqualTo("+OK 32 octets\r\nSubject: one\r\n\r\n..dotted\r\nline2\r\n.\r\n");
    assertThat(send("RETR 2\r\n")).isEqualTo("+OK 19 octets\r\nSubject: two\r\n\r\nx\r\n.\r\n");
    assertThat(send("TOP 1 0\r\n")).isEqualTo("+OK top of message follows\r\nSubject: one\r\n\r\n.\r\n");
  }

  @Test
  void uidlWithANumberGivesTheNumberAndTheId() {
    connect("127.0.0.1");
    send("USER alice\r\nPASS secret\r\n");
    assertThat(send("UIDL 2\r\n")).matches("\\+OK 2 \\S+\r\n");
    assertThat(send("UIDL\r\n")).matches("\\+OK\r\n1 \\S+\r\n2 \\S+\r\n\\.\r\n");
  }

  @Test
  void deleIsAppliedAtQuitOnly() throws Exception {
    connect("127.0.0.1");
    send("USER alice\r\nPASS secret\r\n");
    assertThat(send("DELE 1\r\nRETR 1\r\nSTAT\r\n")).isEqualTo(
        "+OK message 1 deleted\r\n-ERR message 1 already deleted\r\n+OK 1 19\r\n");
    assertThat(mail.messages("alice")).hasSize(2);
    assertThat(send("QUIT\r\n")).isEqualTo("+OK bye\r\n");
    assertThat(mail.messages("alice")).hasSize(1);
  }

  @Test
  void aDroppedConnectionDeletesNothingAndRsetUnmarks() throws Exception {
    connect("127.0.0.1");
    send("USER alice\r\nPASS secret\r\n");
    assertThat(send("DELE 1\r\nRSET\r\nSTAT\r\n")).endsWith("+OK 2 51\r\n");
    send("DELE 2\r\n");
    server.connectionLost(null);
    assertThat(mail.messages("alice")).hasSize(2);
  }

  @Test
  void plaintextLoginIsRefusedFromAFarAddressBeforeTls() {
    connect("192.0.2.7");
    assertThat(send("CAPA\r\n")).doesNotContain("USER\r\n");
    assertThat(send("USER alice\r\n")).startsWith("-ERR [AUTH]");
  }

  @Test
  void apopWorksFromAnywhere() {
    connect("192.0.2.7");
    String ts = greeting.substring(greeting.indexOf('<'), greeting.indexOf('>') + 1);
    assertThat(send("APOP bob " + APOPCredentials.digest(ts, "hunter2") + "\r\n")).isEqualTo("+OK 0 messages\r\n");
    assertThat(send("APOP bob 0123456789abcdef0123456789abcdef\r\n")).startsWith("-ERR");
  }

  @Test
  void aWrongPasswordIsRefused() {
    connect("127.0.0.1");
    assertThat(send("USER alice\r\nPASS nope\r\nSTAT\r\n"))
        .isEqualTo("+OK send PASS\r\n-ERR [AUTH] authentication failed\r\n-ERR unknown command or not logged in\r\n");
  }

  @Test
  void idleSessionsTimeOut() {
    connect("127.0.0.1");
    clock.advance(601);
    assertThat(transport.disconnecting).isTrue();
  }
}
