package dev.torsion.mail.imap;

import static dev.torsion.trial.Trial.failureResultOf;
import static dev.torsion.trial.Trial.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.ssl.SelfSignedCertificate;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.internet.task.Clock;
import dev.torsion.mail.MailFixture;
import dev.torsion.trial.IOPump;
import dev.torsion.trial.StringTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IMAP client against Torsion's server in memory, and against scripted servers. */
class IMAP4ClientTest {
  static final SelfSignedCertificate CERT = SelfSignedCertificate.generate("localhost");
  static final String MESSAGE = "From: bob@example.org\r\nSubject: one\r\n\r\nbody\r\n";

  @TempDir Path dir;
  MailFixture mail;
  Clock clock = new Clock();

  @BeforeEach
  void setUp() throws Exception {
    mail = new MailFixture(dir);
    Path a = dir.resolve("a.eml");
    Files.writeString(a, MESSAGE);
    mail.domains.maildirFor("alice").deliver(a);
  }

  private IOPump connect(IMAP4Client client, TLSOptions tls) {
    IMAPServerOptions.Builder o = IMAPServerOptions.builder("mail.example.com", mail.portal)
        .spool(mail.domains.spool());
    if (tls != null) {
      o.tls(tls);
    }
    IMAP4Server server = (IMAP4Server) new IMAP4Factory(o.build(), clock).buildProtocol(null);
    IOPump pump = IOPump.connect(server, client);
    pump.setReactorTime(clock);
    return pump;
  }

  @Test
  void pipelinedCommandsAllGetTheirOwnAnswers() {
    IMAP4Client c = new IMAP4Client();
    IOPump pump = connect(c, null);
    assertThat(successResultOf(c.greeting())).contains("IMAP4REV1", "LITERAL+");
    // Every command is issued before any answer has come back.
    Deferred<Void> login = c.login("alice", "secret");
    Deferred<IMAP4Client.MailboxInfo> select = c.select("INBOX");
    Deferred<Map<Long, byte[]>> body = c.fetchSpecific("1", false, "", true);
    Deferred<Long> appended = c.append("INBOX", "Subject: two\r\n\r\nx\r\n".getBytes(
        StandardCharsets.US_ASCII), List.of("\\Seen"), null);
    Deferred<Void> noop = c.noop();
    Deferred<List<Long>> unseen = c.search("UNSEEN", false);
    Deferred<Map<Long, List<String>>> flagged = c.addFlags("1", List.of("\\Flagged"), false,
        false);
    Deferred<Map<Long, Long>> uids = c.fetchUID("1:*");
    Deferred<Void> created = c.create("Archive");
    Deferred<String> copied = c.copy("1", "Archive", false);
    Deferred<Map<String, Long>> status = c.status("Archive", "MESSAGES", "UIDNEXT");
    Deferred<List<IMAP4Client.ListEntry>> list = c.list("", "*");
    pump.flush();
    successResultOf(login);
    IMAP4Client.MailboxInfo info = successResultOf(select);
    assertThat(info.exists()).isEqualTo(1);
    assertThat(info.readWrite()).isTrue();
    assertThat(info.uidNext()).isEqualTo(2);
    assertThat(info.flags()).contains("\\Seen", "\\Deleted");
    assertThat(new String(successResultOf(body).get(1L), StandardCharsets.US_ASCII))
        .isEqualTo(MESSAGE);
    assertThat(successResultOf(appended)).isEqualTo(2);
    successResultOf(noop);
    assertThat(successResultOf(unseen)).containsExactly(1L);
    assertThat(successResultOf(flagged).get(1L)).containsExactly("\\Flagged");
    assertThat(successResultOf(uids)).containsEntry(1L, 1L).containsEntry(2L, 2L);
    successResultOf(created);
    assertThat(successResultOf(copied)).isEqualTo("1");
    assertThat(successResultOf(status)).containsEntry("MESSAGES", 1L).containsEntry("UIDNEXT", 2L);
    assertThat(successResultOf(list)).extracting(IMAP4Client.ListEntry::name)
        .containsExactly("INBOX", "Archive");
  }

  @Test
  void aRefusedCommandFailsWithTheServersCodeAndTheOthersGoOn() {
    IMAP4Client c = new IMAP4Client();
    IOPump pump = connect(c, null);
    c.login("alice", "secret");
    Deferred<IMAP4Client.MailboxInfo> missing = c.select("Nowhere");
    Deferred<Long> append = c.append("Nowhere", new byte[] {'x', '\r', '\n'}, List.of(), null);
    Deferred<Void> noop = c.noop();
    pump.flush();
    assertThat(failureResultOf(missing, IMAP4Error.class).value()).hasMessageStartingWith("NO");
    assertThat(((IMAP4Error) failureResultOf(append, IMAP4Error.class).value()).code())
        .isEqualTo("TRYCREATE");
    successResultOf(noop);
  }

  @Test
  void storeExpungeAndTheMessageAsStored() {
    IMAP4Client c = new IMAP4Client();
    IOPump pump = connect(c, null);
    c.login("alice", "secret");
    c.select("INBOX");
    Deferred<Map<Long, byte[]>> whole = c.fetchMessage("1", false);
    Deferred<Map<Long, List<String>>> flags = c.fetchFlags("1", false);
    Deferred<Map<Long, Long>> size = c.fetchSize("1", false);
    c.setFlags("1", List.of("\\Deleted"), true, false);
    Deferred<List<Long>> gone = c.expunge();
    Deferred<Void> close = c.close();
    Deferred<Void> logout = c.logout();
    pump.flush();
    assertThat(new String(successResultOf(whole).get(1L), StandardCharsets.US_ASCII))
        .isEqualTo(MESSAGE);
    assertThat(successResultOf(flags).get(1L)).containsExactly("\\Seen"); // RFC822 sets \Seen
    assertThat(successResultOf(size).get(1L)).isEqualTo(MESSAGE.length());
    assertThat(successResultOf(gone)).containsExactly(1L);
    successResultOf(close);
    successResultOf(logout);
  }

  @Test
  void idleReportsAnotherSessionsAppendToTheListener() {
    IMAP4Client idler = new IMAP4Client();
    List<Long> exists = new ArrayList<>();
    idler.setListener(new IMAP4Client.Listener() {
      @Override
      public void newMessages(long n, long recent) {
        exists.add(n);
      }
    });
    IOPump first = connect(idler, null);
    idler.login("alice", "secret");
    idler.select("INBOX");
    Deferred<Void> idling = idler.idle();
    Deferred<Void> afterIdle = idler.noop(); // waits for DONE
    first.flush();
    successResultOf(idling);
    assertThat(afterIdle.called()).isFalse();

    IMAP4Client other = new IMAP4Client();
    IOPump second = connect(other, null);
    other.login("alice", "secret");
    other.append("INBOX", "Subject: y\r\n\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
        List.of(), null);
    second.flush();
    first.flush();
    assertThat(exists).containsExactly(2L);
    Deferred<Void> done = idler.done();
    first.flush();
    successResultOf(done);
    successResultOf(afterIdle);
  }

  @Test
  void startTlsThenLoginOverTls() {
    TLSOptions server = TLSOptions.forServer(CERT.keyMaterial()).build();
    TLSOptions client = TLSOptions.forClient("localhost").trustRoots(CERT.certificate()).build();
    IMAP4Client c = new IMAP4Client();
    IOPump pump = connect(c, server);
    assertThat(successResultOf(c.greeting())).contains("STARTTLS");
    Deferred<Set<String>> caps = c.startTLS(client);
    Deferred<Void> login = c.login("alice", "secret");
    pump.flush();
    assertThat(successResultOf(caps)).doesNotContain("STARTTLS");
    successResultOf(login);
  }

  // --- scripted servers ----------------------------------------------------------------------

  private static String written(StringTransport t) {
    String s = t.valueString();
    t.clear();
    return s;
  }

  private static void say(IMAP4Client c, String s) {
    c.dataReceived(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void withoutLiteralPlusALiteralWaitsForTheContinuationAndSoDoLaterCommands() {
    IMAP4Client c = new IMAP4Client();
    StringTransport t = new StringTransport();
    c.makeConnection(t);
    say(c, "* OK [CAPABILITY IMAP4rev1] hi\r\n");
    Deferred<Void> login = c.login("al\"ice", "p\u00e4ss");
    Deferred<Void> noop = c.noop();
    assertThat(written(t)).isEqualTo("A1 LOGIN \"al\\\"ice\" {5}\r\n");
    say(c, "+ go ahead\r\n");
    assertThat(written(t)).isEqualTo("p\u00e4ss\r\nA2 NOOP\r\n");
    say(c, "A1 OK done\r\nA2 OK done\r\n");
    successResultOf(login);
    successResultOf(noop);
  }

  @Test
  void aLiteralRefusedBeforeTheContinuationIsNeverSent() {
    IMAP4Client c = new IMAP4Client();
    StringTransport t = new StringTransport();
    c.makeConnection(t);
    say(c, "* OK hi\r\n");
    Deferred<Long> append = c.append("INBOX", new byte[100], List.of(), null);
    Deferred<Void> noop = c.noop();
    assertThat(written(t)).isEqualTo("A1 APPEND \"INBOX\" {100}\r\n");
    say(c, "A1 NO [TOOBIG] too big\r\n");
    assertThat(((IMAP4Error) failureResultOf(append, IMAP4Error.class).value()).code())
        .isEqualTo("TOOBIG");
    assertThat(written(t)).isEqualTo("A2 NOOP\r\n");
    assertThat(noop.called()).isFalse();
  }

  @Test
  void unsolicitedExpungeAndFlagsGoToTheListenerSplitAnywhere() {
    IMAP4Client c = new IMAP4Client();
    List<String> heard = new ArrayList<>();
    c.setListener(new IMAP4Client.Listener() {
      @Override
      public void messageExpunged(long n) {
        heard.add("expunge " + n);
      }

      @Override
      public void flagsChanged(Map<Long, List<String>> flags) {
        heard.add("flags " + flags);
      }
    });
    StringTransport t = new StringTransport();
    c.makeConnection(t);
    Deferred<Void> noop = c.noop();
    String script = "* OK hi\r\n* 3 EXPUNGE\r\n* 2 FETCH (FLAGS (\\Seen \\Answered))\r\n"
        + "A1 OK NOOP done\r\n";
    for (byte b : script.getBytes(StandardCharsets.US_ASCII)) {
      c.dataReceived(new byte[] {b});
    }
    successResultOf(noop);
    assertThat(heard).containsExactly("expunge 3", "flags {2=[\\Seen, \\Answered]}");
  }

  @Test
  void aFetchLiteralIsReadByItsSizeNotByLines() {
    IMAP4Client c = new IMAP4Client();
    StringTransport t = new StringTransport();
    c.makeConnection(t);
    say(c, "* OK hi\r\n");
    Deferred<Map<Long, byte[]>> body = c.fetchSpecific("1", false, "TEXT", true);
    say(c, "* 1 FETCH (BODY[TEXT] {12}\r\nA1 OK fake\r\n UID 7)\r\nA1 OK FETCH done\r\n");
    assertThat(new String(successResultOf(body).get(1L), StandardCharsets.US_ASCII))
        .isEqualTo("A1 OK fake\r\n");
  }

  @Test
  void anOversizedResponseFailsTheCommandAndClosesTheConnection() {
    IMAP4Client c = new IMAP4Client(1000, 100, 10_000);
    StringTransport t = new StringTransport();
    c.makeConnection(t);
    say(c, "* OK hi\r\n");
    Deferred<Map<Long, byte[]>> body = c.fetchSpecific("1", false, "", true);
    // Refused when announced: nothing is allocated by the announced size, nothing more read.
    say(c, "* 1 FETCH (BODY[] {999999999}\r\n" + "x".repeat(500));
    assertThat(failureResultOf(body, IMAP4Error.class).value()).hasMessageContaining("literal");
    assertThat(t.disconnecting).isTrue();

    IMAP4Client d = new IMAP4Client(1000, 100, 10_000);
    StringTransport u = new StringTransport();
    d.makeConnection(u);
    say(d, "* OK hi\r\n");
    Deferred<Void> noop = d.noop();
    say(d, "* OK " + "y".repeat(2000) + "\r\n");
    assertThat(failureResultOf(noop, IMAP4Error.class).value()).hasMessageContaining("line");
    assertThat(u.disconnecting).isTrue();
  }

  @Test
  void crOrLfInAnArgumentIsRefusedBeforeAnythingIsSent() {
    IMAP4Client c = new IMAP4Client();
    StringTransport t = new StringTransport();
    c.makeConnection(t);
    say(c, "* OK hi\r\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.search("ALL\r\nA9 LOGOUT", false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(t.valueString()).isEmpty();
  }
}
