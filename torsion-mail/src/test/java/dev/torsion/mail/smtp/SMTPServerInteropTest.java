package dev.torsion.mail.smtp;

import dev.torsion.trial.PeerProcess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.ssl.SelfSignedCertificate;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.mail.MailFixture;
import dev.torsion.trial.ReactorThread;
import dev.torsion.trial.Peers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python's smtplib and swaks against the ESMTP server on a real socket. */
class SMTPServerInteropTest {
  static final SelfSignedCertificate CERT = SelfSignedCertificate.generate("localhost");

  @TempDir Path dir;
  MailFixture mail;
  ReactorThread real;
  int port;

  @BeforeEach
  void start() throws Exception {
    mail = new MailFixture(dir);
    real = new ReactorThread();
    TLSOptions tls = TLSOptions.forServer(CERT.keyMaterial()).build();
    port = real.listenTCP(new ESMTPFactory(mail.smtp().tls(tls).build(), real.reactor()));
  }

  @AfterEach
  void stop() throws Exception {
    real.close();
  }

  @Test
  void smtplibStartsTlsAuthenticatesAndSendsToTwoUsers() throws Exception {
    String python = Peers.require(Peers.PYTHON);
    String script = String.join("\n",
        "import smtplib, ssl, sys",
        "s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=20)",
        "s.ehlo('client.test')",
        "assert 'auth' not in s.esmtp_features, s.esmtp_features",
        "ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE",
        "s.starttls(context=ctx)",
        "s.ehlo('client.test')",
        "print('auth', s.esmtp_features.get('auth').strip())",
        "s.login('alice@example.com', 'secret')",
        "msg = b'Subject: interop\\r\\n\\r\\n.dot line\\r\\nline two\\r\\n'",
        "refused = s.sendmail('alice@example.com', ['bob@example.com', 'alice@example.com', 'nobody@example.com'], msg)",
        "print('refused', sorted(refused))",
        "s.quit()");

    PeerProcess.Result r = PeerProcess.run(List.of(python, "-c", script, String.valueOf(port)));

    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.stdout()).contains("auth PLAIN LOGIN CRAM-MD5", "refused ['nobody@example.com']");
    for (String user : List.of("alice", "bob")) {
      assertThat(mail.messages(user)).hasSize(1);
      String stored = new String(mail.messages(user).get(0), StandardCharsets.ISO_8859_1);
      assertThat(stored).contains("with ESMTPSA");
      assertThat(MailFixture.withoutReceived(mail.messages(user).get(0)))
          .isEqualTo("Subject: interop\r\n\r\n.dot line\r\nline two\r\n");
    }
  }

  @Test
  void smtplibPipelinesAWholeTransaction() throws Exception {
    String python = Peers.require(Peers.PYTHON);
    // smtplib does not pipeline by itself: send the commands in one write and read the replies.
    String script = String.join("\n",
        "import smtplib, sys",
        "s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=20)",
        "s.ehlo('c')",
        "assert s.has_extn('pipelining')",
        "s.send(b'MAIL FROM:<x@remote.test>\\r\\nRCPT TO:<bob@example.com>\\r\\nRCPT TO:<zed@example.com>\\r\\nDATA\\r\\n')",
        "print([s.getreply()[0] for _ in range(4)])",
        "s.send(b'piped\\r\\n.\\r\\nNOOP\\r\\n')",
        "print(s.getreply()[0], s.getreply()[0])",
        "s.quit()");

    PeerProcess.Result r = PeerProcess.run(List.of(python, "-c", script, String.valueOf(port)));

    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.stdout()).contains("[250, 250, 550, 354]", "250 250");
    assertThat(MailFixture.withoutReceived(mail.messages("bob").get(0))).isEqualTo("piped\r\n");
  }

  @Test
  void smtplibCramMd5OverTls() throws Exception {
    String python = Peers.require(Peers.PYTHON);
    String script = String.join("\n",
        "import smtplib, ssl, sys",
        "s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=20)",
        "ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE",
        "s.starttls(context=ctx); s.ehlo('c')",
        "try:",
        "    s.auth('PLAIN', lambda c=None: '\\0bob\\0nope')",
        "except smtplib.SMTPAuthenticationError as e:",
        "    print('refused', e.smtp_code)",
        "print(s.auth('CRAM-MD5', s.auth_cram_md5, initial_response_ok=False))",
        "s.quit()");
    // auth_cram_md5 uses s.user / s.password
    script = script.replace("print(s.auth('CRAM-MD5'", "s.user, s.password = 'bob', 'hunter2'\nprint(s.auth('CRAM-MD5'");

    PeerProcess.Result r = PeerProcess.run(List.of(python, "-c", script, String.valueOf(port)));

    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.stdout()).contains("(235, b'2.7.0 Authentication successful')", "refused 535");
  }

  @Test
  void swaksSendsWithStartTlsAndAuthLogin() throws Exception {
    String swaks = Peers.require("swaks");
    PeerProcess.Result r = PeerProcess.run(List.of(swaks, "--server", "127.0.0.1", "--port", String.valueOf(port),
        "--ehlo", "swaks.test", "--from", "bob@example.com", "--to", "alice@example.com",
        "--tls", "--auth", "LOGIN", "--auth-user", "bob", "--auth-password", "hunter2",
        "--header", "Subject: from swaks", "--body", "hello from swaks"));

    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.stdout()).contains("<-  220 2.0.0 Ready to start TLS", "235 2.7.0", "250 2.0.0 Ok: queued as");
    assertThat(mail.messages("alice")).hasSize(1);
    assertThat(new String(mail.messages("alice").get(0), StandardCharsets.ISO_8859_1))
        .contains("Subject: from swaks", "hello from swaks", "with ESMTPSA");
  }
}
