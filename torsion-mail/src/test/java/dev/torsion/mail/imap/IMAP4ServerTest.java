package dev.torsion.mail.imap;

import static org.assertj.core.api.Assertions.assertThat;

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

/** The IMAP server on an in-memory transport: framing, limits, states. */
class IMAP4ServerTest {
  @TempDir Path dir;
  MailFixture mail;
  Clock clock = new Clock();
  StringTransport transport;
  IMAP4Server server;

  @BeforeEach
  void setUp() throws Exception {
    mail = new MailFixture(dir);
    Path a = dir.resolve("a.eml");
    Files.writeString(a, "Subject: one\r\n\r\nbody\r\n");
    mail.domains.maildirFor("alice").deliver(a);
  }

  private void connect(String peer) {
    server = (IMAP4Server) new IMAP4Factory(IMAPServerOptions.builder("mail.example.com",
        mail.portal).spool(mail.domains.spool()).maxLiteral(1000).maxBadCommands(5).build(), clock)
        .buildProtocol(null);
    transport = new StringTransport(new IPv4Address("TCP", "127.0.0.1", 143),
        new IPv4Address("TCP", peer, 40000));
    server.makeConnection(transport);
  }

  private String send(String data) {
    transport.clear();
    server.dataReceived(data.getBytes(StandardCharsets.ISO_8859_1));
    return transport.valueString();
  }

  /** Feeds one byte at a time and returns everything written. */
  private String trickle(String data) {
    transport.clear();
    for (byte b : data.getBytes(StandardCharsets.ISO_8859_1)) {
      server.dataReceived(new byte[] {b});
    }
    return transport.valueString();
  }

  @Test
  void loginDisabledFromAFarAddressBeforeTls() {
    connect("192.0.2.7");
    assertThat(send("a CAPABILITY\r\n")).contains("LOGINDISABLED").doesNotContain("AUTH=PLAIN");
    assertThat(send("b LOGIN alice secret\r\n")).startsWith("b NO [PRIVACYREQUIRED]");
  }

  @Test
  void aLoginLiteralSplitAnywhereWorks() {
    connect("127.0.0.1");
    String out = trickle("a LOGIN {5}\r\nalice \"secret\"\r\nb SELECT INBOX\r\n");
    assertThat(out).startsWith("+ Ready for literal data\r\na OK [CAPABILITY ")
        .contains("* 1 EXISTS\r\n", "b OK [READ-WRITE] SELECT completed\r\n");
    assertThat(trickle("c FETCH 1 (BODY.PEEK[TEXT])\r\n"))
        .isEqualTo("* 1 FETCH (BODY[TEXT] {6}\r\nbody\r\n)\r\nc OK FETCH completed\r\n");
  }

  @Test
  void aLiteralOverTheLimitIsRefusedWithoutReadingIt() throws Exception {
    connect("127.0.0.1");
    send("a LOGIN alice secret\r\n");
    assertThat(send("b APPEND INBOX {999999999999}\r\n"))
        .isEqualTo("b NO [TOOBIG] literal larger than 1000 octets\r\n");
    // LITERAL+: the client sends it anyway; it is skipped, not stored, then refused.
    assertThat(send("c APPEND INBOX {2000+}\r\n" + "x".repeat(2000) + "\r\nd NOOP\r\n"))
        .isEqualTo("c NO [TOOBIG] literal larger than 1000 octets\r\nd OK NOOP completed\r\n");
    assertThat(mail.messages("alice")).hasSize(1);
    assertThat(!Files.exists(mail.domains.spool()) || Files.list(mail.domains.spool()).findAny().isEmpty()).isTrue();
  }

  @Test
  void appendStoresTheLiteralAndAnswersWithAppendUid() throws Exception {
    connect("127.0.0.1");
    send("a LOGIN alice secret\r\n");
    assertThat(send("b APPEND INBOX (\\Seen) {14+}\r\nSubject: x\r\n\r\n\r\n"))
        .matches("b OK \\[APPENDUID \\d+ 2\\] APPEND completed\r\n");
    assertThat(mail.messages("alice")).hasSize(2);
  }

  @Test
  void aHugeSequenceSetIsNeverMaterialised() {
    connect("127.0.0.1");
    send("a LOGIN alice secret\r\nb SELECT INBOX\r\n");
    assertThat(send("c FETCH 1:4294967295,1:* FLAGS\r\n"))
        .isEqualTo("* 1 FETCH (FLAGS ())\r\nc OK FETCH completed\r\n");
    assertThat(send("d FETCH 0:5 FLAGS\r\n")).startsWith("d BAD");
  }

  @Test
  void tooManyBadCommandsCloseTheSession() {
    connect("127.0.0.1");
    String out = send("a\r\nb FOO\r\nc LOGIN\r\nd (\r\ne \"x\r\n");
    assertThat(out).endsWith("* BYE too many bad commands\r\n");
    assertThat(transport.disconnecting).isTrue();
  }

  @Test
  void aLongLineIsRefusedAndTheSessionGoesOn() {
    connect("127.0.0.1");
    assertThat(send("a NOOP " + "x".repeat(10_000) + "\r\nb NOOP\r\n"))
        .isEqualTo("a BAD line too long or too many literals\r\nb OK NOOP completed\r\n");
  }

  @Test
  void commandsOfTheWrongStateAreRefused() {
    connect("127.0.0.1");
    assertThat(send("a SELECT INBOX\r\n")).startsWith("a BAD");
    send("b LOGIN alice secret\r\n");
    assertThat(send("c FETCH 1 FLAGS\r\n")).startsWith("c BAD");
  }

  @Test
  void theAutologoutTimerIsThirtyMinutes() {
    connect("127.0.0.1");
    clock.advance(29 * 60);
    assertThat(transport.disconnecting).isFalse();
    clock.advance(61);
    assertThat(transport.valueString()).endsWith("* BYE autologout; idle for too long\r\n");
    assertThat(transport.disconnecting).isTrue();
  }

  @Test
  void anIdlingSessionHearsOfAnotherSessionsAppend() throws Exception {
    connect("127.0.0.1");
    send("a LOGIN alice secret\r\nb SELECT INBOX\r\n");
    assertThat(send("c IDLE\r\n")).isEqualTo("+ idling\r\n");
    StringTransport first = transport;
    IMAP4Server idler = server;
    connect("127.0.0.1");
    send("x LOGIN alice secret\r\n");
    send("y APPEND INBOX {14}\r\n");
    send("Subject: y\r\n\r\n\r\n");
    assertThat(first.valueString()).endsWith("* 2 EXISTS\r\n");
    first.clear();
    idler.dataReceived("DONE\r\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(first.valueString()).isEqualTo("c OK IDLE terminated\r\n");
  }

  @Test
  void anIdlingSessionSeesMailDeliveredBehindItsBackWithinThirtySeconds() throws Exception {
    connect("127.0.0.1");
    send("a LOGIN alice secret\r\nb SELECT INBOX\r\n");
    assertThat(send("c IDLE\r\n")).isEqualTo("+ idling\r\n");
    Path b = dir.resolve("b.eml");
    Files.writeString(b, "Subject: two\r\n\r\nx\r\n");
    mail.domains.maildirFor("alice").deliver(b); // as the SMTP server does
    transport.clear();
    clock.advance(31);
    assertThat(transport.valueString()).isEqualTo("* 2 EXISTS\r\n");
    assertThat(send("DONE\r\n")).isEqualTo("c OK IDLE terminated\r\n");
    clock.advance(60);
    assertThat(clock.getDelayedCalls()).hasSize(1); // the autologout timer only
  }
}
