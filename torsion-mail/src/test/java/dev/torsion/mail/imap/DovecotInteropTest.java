package dev.torsion.mail.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.endpoints.TCP4ClientEndpoint;
import dev.torsion.internet.ssl.SelfSignedCertificate;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.mail.pop3.POP3Client;
import dev.torsion.trial.Peers;
import dev.torsion.trial.ReactorThread;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Torsion's IMAP and POP3 clients against Debian's Dovecot (dovecot-imapd, dovecot-pop3d),
 * started by the test with a config in a temp dir: passwd-file users, Maildirs in the temp dir,
 * STARTTLS with a test certificate, on free ports of 127.0.0.1.
 *
 * <p>Dovecot refuses to run its login processes as root and mail processes as uid 0: when the
 * test runs as root, they run as the package's {@code dovenull} and {@code dovecot} users
 * (which then own the mail directory); as anyone else, as that user.
 */
class DovecotInteropTest {
  static final SelfSignedCertificate CERT = SelfSignedCertificate.generate("localhost");
  static final String MESSAGE = "From: bob@example.org\r\nTo: alice@example.com\r\n"
      + "Subject: to dovecot\r\n\r\n.a line with a dot\r\n\u00e9 8-bit\r\n";

  @TempDir Path dir;
  Process dovecot;
  int imap;
  int pop3;

  @BeforeEach
  void start() throws Exception {
    String binary = Peers.require("/usr/sbin/dovecot");
    Peers.require("/usr/lib/dovecot/imap");
    Peers.require("/usr/lib/dovecot/pop3");
    imap = freePort();
    pop3 = freePort();
    boolean root = "root".equals(System.getProperty("user.name"));
    String me = System.getProperty("user.name");
    String group = root ? "root" : new String(new ProcessBuilder("id", "-gn").start()
        .getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    String loginUser = root ? "dovenull" : me;
    String internalUser = root ? "dovecot" : me;
    String internalGroup = root ? "dovecot" : group;
    Path mail = Files.createDirectories(dir.resolve("mail"));
    Path home = Files.createDirectories(dir.resolve("home"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    if (root) {
      UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
      for (Path p : List.of(mail, home)) {
        Files.setOwner(p, users.lookupPrincipalByName("dovecot"));
      }
    }
    Files.writeString(dir.resolve("cert.pem"), CERT.certificatePem());
    Files.writeString(dir.resolve("key.pem"), CERT.privateKeyPem());
    Files.writeString(dir.resolve("passwd"), "alice:{PLAIN}secret::::::\n");
    String conf = String.join("\n",
        "base_dir = " + dir.resolve("run"),
        "state_dir = " + dir.resolve("state"),
        "log_path = /dev/stderr",
        "protocols = imap pop3",
        "listen = 127.0.0.1",
        "ssl = yes",
        "ssl_cert = <" + dir.resolve("cert.pem"),
        "ssl_key = <" + dir.resolve("key.pem"),
        "disable_plaintext_auth = no",
        "auth_mechanisms = plain login",
        "default_internal_user = " + internalUser,
        "default_internal_group = " + internalGroup,
        "default_login_user = " + loginUser,
        "first_valid_uid = 0",
        "mailbox_idle_check_interval = 1 secs",
        "passdb {", "  driver = passwd-file", "  args = " + dir.resolve("passwd"), "}",
        "userdb {", "  driver = passwd-file", "  args = " + dir.resolve("passwd"),
        "  default_fields = uid=" + internalUser + " gid=" + internalGroup + " home=" + home
            + "/%u", "}",
        "mail_location = maildir:" + mail + "/%u",
        "service imap-login {", "  inet_listener imap {", "    port = " + imap, "  }",
        "  inet_listener imaps {", "    port = 0", "  }", "}",
        "service pop3-login {", "  inet_listener pop3 {", "    port = " + pop3, "  }",
        "  inet_listener pop3s {", "    port = 0", "  }", "}",
        "");
    Path file = dir.resolve("dovecot.conf");
    Files.writeString(file, conf);
    dovecot = new ProcessBuilder(binary, "-F", "-c", file.toString())
        .redirectOutput(dir.resolve("stdout.txt").toFile()).start();
    BufferedReader log = new BufferedReader(new InputStreamReader(dovecot.getErrorStream(),
        StandardCharsets.UTF_8));
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    // The master listens before it logs "starting up"; connections then wait in the backlog.
    String ready = CompletableFuture.supplyAsync(() -> {
      try {
        for (String l; (l = log.readLine()) != null; ) {
          seen.add(l);
          if (l.contains("starting up")) {
            return l;
          }
        }
      } catch (Exception e) {
        seen.add(e.toString());
      }
      return null;
    }).get(30, TimeUnit.SECONDS);
    assertThat(ready).as("dovecot did not start: " + seen).isNotNull();
    Thread drain = new Thread(() -> {
      try {
        log.transferTo(java.io.Writer.nullWriter());
      } catch (Exception ignored) {
        // the process ended
      }
    }, "dovecot-log");
    drain.setDaemon(true);
    drain.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (dovecot != null) {
      dovecot.destroy();
      if (!dovecot.waitFor(15, TimeUnit.SECONDS)) {
        dovecot.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    try (Stream<ProcessHandle> left = ProcessHandle.allProcesses()) {
      String base = dir.resolve("dovecot.conf").toString();
      left.filter(p -> p.info().commandLine().orElse("").contains(base))
          .forEach(ProcessHandle::destroyForcibly);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T await(ReactorThread real, Object deferred) throws Exception {
    return real.call(() -> (Deferred<T>) deferred);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Deferred<IMAP4Client> connect(ReactorThread real, int port) {
    return new TCP4ClientEndpoint(real.reactor(), "127.0.0.1", port)
        .connect(Factory.forProtocol(IMAP4Client::new))
        .addDeferredCallback(p -> {
          IMAP4Client c = (IMAP4Client) p;
          return c.greeting().addCallback(g -> c);
        });
  }

  @Test
  void theImapClientManagesMailboxesAndMessagesOnDovecot() throws Exception {
    byte[] message = MESSAGE.getBytes(StandardCharsets.UTF_8);
    TLSOptions tls = TLSOptions.forClient("localhost").trustRoots(CERT.certificate()).build();
    try (ReactorThread real = new ReactorThread()) {
      IMAP4Client c = real.call(() -> connect(real, imap));
      assertThat(real.call(() -> c.startTLS(tls))).contains("IMAP4REV1", "AUTH=PLAIN");
      real.call(() -> c.login("alice", "secret"));
      real.call(() -> c.create("Archive"));
      Long uid = real.call(() -> c.append("INBOX", message, List.of("\\Flagged"), null));
      IMAP4Client.MailboxInfo info = real.call(() -> c.select("INBOX"));
      assertThat(info.exists()).isEqualTo(1);
      assertThat(info.uidNext()).isEqualTo(uid + 1);
      assertThat(info.readWrite()).isTrue();

      // Pipelined: all of these are on the wire before the first answer comes back.
      Object[] d = real.onReactor(() -> new Object[] {
          c.fetchSpecific("1", false, "", true),
          c.fetchSpecific("1", false, "HEADER.FIELDS (SUBJECT)", true),
          c.fetchSize("1", false),
          c.fetchEnvelope("1", false),
          c.fetchFlags("1", false),
          c.search("FLAGGED SUBJECT \"dovecot\"", true),
          c.copy("1", "Archive", false),
          c.status("Archive", "MESSAGES", "UNSEEN"),
          c.list("", "*")});
      Map<Long, byte[]> bodies = await(real, d[0]);
      assertThat(bodies).containsOnlyKeys(1L);
      assertThat(new String(bodies.get(1L), StandardCharsets.UTF_8)).isEqualTo(MESSAGE);
      Map<Long, byte[]> header = await(real, d[1]);
      assertThat(new String(header.get(1L), StandardCharsets.UTF_8))
          .isEqualTo("Subject: to dovecot\r\n\r\n");
      Map<Long, Long> size = await(real, d[2]);
      assertThat(size.get(1L)).isEqualTo(message.length);
      Map<Long, Object> envelope = await(real, d[3]);
      assertThat((List<?>) envelope.get(1L)).element(1)
          .isEqualTo("to dovecot".getBytes(StandardCharsets.US_ASCII));
      Map<Long, List<String>> flags = await(real, d[4]);
      assertThat(flags.get(1L)).contains("\\Flagged").doesNotContain("\\Seen");
      List<Long> found = await(real, d[5]);
      assertThat(found).containsExactly(uid);
      String copied = await(real, d[6]);
      assertThat(copied).isNotEmpty(); // COPYUID: dovecot has UIDPLUS
      Map<String, Long> status = await(real, d[7]);
      assertThat(status).containsEntry("MESSAGES", 1L);
      List<IMAP4Client.ListEntry> list = await(real, d[8]);
      assertThat(list).extracting(IMAP4Client.ListEntry::name).contains("INBOX", "Archive");

      Map<Long, List<String>> stored = real.call(() -> c.addFlags("1",
          List.of("\\Seen", "\\Deleted"), false, false));
      assertThat(stored.get(1L)).contains("\\Seen", "\\Deleted", "\\Flagged");
      assertThat(real.call(() -> c.expunge())).containsExactly(1L);
      real.call(() -> c.rename("Archive", "Old"));
      real.call(() -> c.subscribe("Old"));
      assertThat(real.call(() -> c.lsub("", "*"))).extracting(IMAP4Client.ListEntry::name)
          .containsExactly("Old");
      real.call(() -> c.examine("Old"));
      real.call(() -> c.close());
      real.call(() -> c.delete("Old"));
      real.call(() -> c.logout());
    }
  }

  @Test
  void anIdlingClientHearsOfMailAppendedByAnotherSession() throws Exception {
    try (ReactorThread real = new ReactorThread()) {
      IMAP4Client idler = real.call(() -> connect(real, imap));
      Deferred<Long> heard = new Deferred<>();
      idler.setListener(new IMAP4Client.Listener() {
        @Override
        public void newMessages(long exists, long recent) {
          if (!heard.called()) {
            heard.callback(exists);
          }
        }
      });
      real.call(() -> idler.authenticate("alice", "secret"));
      real.call(() -> idler.select("INBOX"));
      real.call(() -> idler.idle());
      IMAP4Client other = real.call(() -> connect(real, imap));
      real.call(() -> other.login("alice", "secret"));
      real.call(() -> other.append("INBOX", MESSAGE.getBytes(StandardCharsets.UTF_8), List.of(),
          null));
      assertThat(real.call(() -> heard)).isEqualTo(1L);
      real.call(() -> idler.done());
      assertThat(real.call(() -> idler.fetchUID("1:*"))).containsOnlyKeys(1L);
      real.call(() -> idler.logout());
      real.call(() -> other.logout());
    }
  }

  @Test
  void thePop3ClientReadsWhatImapAppendedByteExact() throws Exception {
    byte[] message = MESSAGE.getBytes(StandardCharsets.UTF_8);
    try (ReactorThread real = new ReactorThread()) {
      IMAP4Client c = real.call(() -> connect(real, imap));
      real.call(() -> c.login("alice", "secret"));
      real.call(() -> c.append("INBOX", message, List.of(), null));
      real.call(() -> c.logout());
      POP3Client pop = real.call(() -> new TCP4ClientEndpoint(real.reactor(), "127.0.0.1", pop3)
          .connect(Factory.forProtocol(POP3Client::new))
          .addDeferredCallback(p -> ((POP3Client) p).greeting().addCallback(g -> (POP3Client) p)));
      real.call(() -> pop.login("alice", "secret"));
      assertThat(real.call(() -> pop.stat()).count()).isEqualTo(1);
      assertThat(real.call(() -> pop.retrieve(1))).isEqualTo(message);
      real.call(() -> pop.delete(1));
      real.call(() -> pop.quit());
    }
  }
}
