package dev.torsion.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.endpoints.TCP4ClientEndpoint;
import dev.torsion.mail.imap.IMAP4Client;
import dev.torsion.mail.imap.IMAP4Factory;
import dev.torsion.mail.imap.IMAPServerOptions;
import dev.torsion.mail.internal.DiskAccess;
import dev.torsion.mail.pop3.POP3Client;
import dev.torsion.mail.pop3.POP3Factory;
import dev.torsion.mail.pop3.POP3ServerOptions;
import dev.torsion.mail.smtp.ESMTPFactory;
import dev.torsion.mail.smtp.MaildirDelivery;
import dev.torsion.mail.smtp.SMTPClient;
import dev.torsion.mail.smtp.SenderOptions;
import dev.torsion.trial.ReactorThread;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SMTP, POP3 and IMAP servers on a real reactor, driven by Torsion's clients through every
 * kind of Maildir work (delivery, listing, reading, flag renames, copies, expunges, DELE), with
 * a probe at each Maildir access that records the thread: none of it runs on the reactor thread.
 * A 3 MiB message is spooled over SMTP on the pool and read back byte-exact over both POP3
 * (streamed in chunks) and IMAP; a 5 MiB APPEND literal is spooled on the pool too and read
 * back byte-exact.
 */
class ReactorThreadDoesNoDiskIOTest {
  static final String REACTOR = "mail-reactor";

  @TempDir Path dir;
  final ConcurrentLinkedQueue<String> touches = new ConcurrentLinkedQueue<>();

  @AfterEach
  void removeProbe() {
    DiskAccess.listen(null);
  }

  @Test
  void maildirWorkRunsOnThePoolAndResponsesStayInOrder() throws Exception {
    MailFixture mail = new MailFixture(dir);
    StringBuilder big = new StringBuilder("Subject: big\r\n\r\n");
    for (int i = 0; big.length() < 3 << 20; i++) {
      big.append(i % 7 == 0 ? ".dot line " : "line ").append(i).append("\r\n");
    }
    byte[] bigMessage = big.toString().getBytes(StandardCharsets.US_ASCII);
    DiskAccess.listen(what -> touches.add(Thread.currentThread().getName() + " " + what));
    try (ReactorThread real = new ReactorThread(REACTOR)) {
      MaildirDelivery delivery = new MaildirDelivery(mail.domains, List.of(), mail.queue,
          real.reactor());
      int smtp = real.listenTCP(new ESMTPFactory(mail.smtp().delivery(delivery).build(),
          real.reactor()));
      int imap = real.listenTCP(new IMAP4Factory(IMAPServerOptions.builder("mail.example.com",
          mail.portal).spool(mail.domains.spool()).build(), real.reactor()));
      int pop3 = real.listenTCP(new POP3Factory(POP3ServerOptions.builder("mail.example.com",
          mail.portal).build(), real.reactor()));

      real.call(() -> SMTPClient.sendmail(real.reactor(), "127.0.0.1", smtp, "bob@example.org",
          List.of("alice@example.com"), bigMessage, SenderOptions.builder().build()));

      IMAP4Client c = real.call(() -> new TCP4ClientEndpoint(real.reactor(), "127.0.0.1", imap)
          .connect(Factory.forProtocol(IMAP4Client::new))
          .addDeferredCallback(p -> ((IMAP4Client) p).greeting().addCallback(g -> (IMAP4Client) p)));
      real.call(() -> c.login("alice", "secret"));
      real.call(() -> c.create("Archive"));
      real.call(() -> c.append("INBOX", "Subject: small\r\n\r\nhi\r\n".getBytes(
          StandardCharsets.US_ASCII), List.of(), null));
      // Pipelined: the answers must still come back in command order, each to its command.
      Object[] d = real.onReactor(() -> new Object[] {
          c.select("INBOX"),
          c.fetchSpecific("1", false, "", false),
          c.fetchFlags("1:*", false),
          c.copy("2", "Archive", false),
          c.addFlags("2", List.of("\\Deleted"), true, false),
          c.expunge(),
          c.status("Archive", "MESSAGES")});
      assertThat(this.<IMAP4Client.MailboxInfo>await(real, d[0]).exists()).isEqualTo(2);
      Map<Long, byte[]> body = await(real, d[1]);
      assertThat(withoutReceived(body.get(1L))).isEqualTo(big.toString());
      Map<Long, List<String>> flags = await(real, d[2]);
      assertThat(flags.get(1L)).containsExactly("\\Seen");
      await(real, d[3]);
      await(real, d[4]);
      List<Long> gone = await(real, d[5]);
      assertThat(gone).containsExactly(2L);
      Map<String, Long> status = await(real, d[6]);
      assertThat(status).containsEntry("MESSAGES", 1L);
      StringBuilder appended = new StringBuilder("Subject: appended\r\n\r\n");
      for (int i = 0; appended.length() < 5 << 20; i++) {
        appended.append("appended line ").append(i).append("\r\n");
      }
      byte[] appendedMessage = appended.toString().getBytes(StandardCharsets.US_ASCII);
      real.call(() -> c.create("Big"));
      real.call(() -> c.append("Big", appendedMessage, List.of(), null));
      real.call(() -> c.select("Big"));
      Map<Long, byte[]> back = real.call(() -> c.fetchSpecific("1", false, "", false));
      assertThat(back.get(1L)).isEqualTo(appendedMessage);
      real.call(() -> c.logout());

      POP3Client pop = real.call(() -> new TCP4ClientEndpoint(real.reactor(), "127.0.0.1", pop3)
          .connect(Factory.forProtocol(POP3Client::new))
          .addDeferredCallback(p -> ((POP3Client) p).greeting().addCallback(g -> (POP3Client) p)));
      real.call(() -> pop.login("alice", "secret"));
      Deferred<?>[] q = real.onReactor(() -> new Deferred<?>[] {
          pop.retrieve(1), pop.top(1, 2), pop.listSize(), pop.delete(1)});
      byte[] retrieved = await(real, q[0]);
      assertThat(withoutReceived(retrieved)).isEqualTo(big.toString());
      byte[] top = await(real, q[1]);
      assertThat(new String(top, StandardCharsets.US_ASCII)).endsWith(
          "Subject: big\r\n\r\n.dot line 0\r\nline 1\r\n");
      Map<Integer, Long> sizes = await(real, q[2]);
      assertThat(sizes.get(1)).isEqualTo(retrieved.length);
      await(real, q[3]);
      real.call(() -> pop.quit());
      assertThat(mail.messages("alice")).isEmpty();
    }

    Set<String> kinds = new java.util.TreeSet<>();
    for (String t : touches) {
      assertThat(t).as("Maildir work on the reactor thread").doesNotStartWith(REACTOR + " ");
      kinds.add(t.substring(t.lastIndexOf(' ') + 1));
    }
    assertThat(kinds).contains("deliver", "list", "read", "rename", "delete", "uids", "size",
        "spool", "literal");
  }

  private static String withoutReceived(byte[] stored) {
    return MailFixture.withoutReceived(stored);
  }

  @SuppressWarnings("unchecked")
  private <T> T await(ReactorThread real, Object deferred) throws Exception {
    return real.call(() -> (Deferred<T>) deferred);
  }
}
