package dev.torsion.mail.tap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.ssl.SelfSignedCertificate;
import dev.torsion.runner.TorsionProcess;
import dev.torsion.trial.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./torsion mail} through the real launcher: SMTP in, POP3 and IMAP out; one-line mistakes. */
class MailPluginProcessTest {
  private static final String LISTENING = "(\\S+) listening on \\S+ \\(127\\.0\\.0\\.1:(\\d+)\\)";

  @TempDir Path dir;

  @Test
  void mailSentBySmtpIsReadOverPop3AndImapWithTls() throws Exception {
    String python = Peers.require(Peers.PYTHON);
    SelfSignedCertificate cert = SelfSignedCertificate.generate("localhost");
    Path key = Files.writeString(dir.resolve("key.pem"), cert.privateKeyPem());
    Path crt = Files.writeString(dir.resolve("cert.pem"), cert.certificatePem());
    Path maildirs = dir.resolve("mail");
    String local = "tcp:0:interface=127.0.0.1";

    try (TorsionProcess mail = TorsionProcess.start(dir, "mail", "--smtp", local, "--pop3", local,
        "--imap", local, "--maildirs", maildirs.toString(), "--domain", "example.com",
        "--domain", "example.org", "--user", "alice=secret", "--hostname", "mx.example.com",
        "--certificate", crt.toString(), "--private-key", key.toString())) {
      // Services start in the order the plugin adds them: SMTP, POP3, IMAP.
      mail.awaitLine("mail started");
      java.util.regex.Pattern listening = java.util.regex.Pattern.compile(LISTENING);
      List<Integer> ports = new java.util.ArrayList<>();
      for (String line : mail.stdout()) {
        java.util.regex.Matcher m = listening.matcher(line);
        if (m.find()) {
          ports.add(Integer.parseInt(m.group(2)));
        }
      }
      assertThat(ports).as(mail.output()).hasSize(3);
      int smtp = ports.get(0);
      int pop3 = ports.get(1);
      int imap = ports.get(2);
      String script = String.join("\n",
          "import smtplib, poplib, imaplib, ssl, sys",
          "ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE",
          "s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=20); s.starttls(context=ctx)",
          "print('refused', s.sendmail('x@remote.test', ['alice@example.org', 'bob@example.com'],",
          "      b'Subject: via plugin\\r\\n\\r\\nhello\\r\\n')); s.quit()",
          "p = poplib.POP3('127.0.0.1', int(sys.argv[2]), timeout=20); p.stls(context=ctx)",
          "p.user('alice@example.com'); p.pass_('secret'); print('pop3', p.retr(1)[1][-1]); p.quit()",
          "m = imaplib.IMAP4('127.0.0.1', int(sys.argv[3]), timeout=20); m.starttls(ssl_context=ctx)",
          "m.login('alice', 'secret'); m.select('INBOX')",
          "print('imap', m.fetch('1', '(BODY.PEEK[TEXT])')[1][0][1]); m.logout()");
      TorsionProcess py = TorsionProcess.exec(dir, List.of(python, "-c", script,
          String.valueOf(smtp), String.valueOf(pop3), String.valueOf(imap)));
      assertThat(py.waitFor()).as(py.output() + mail.output()).isZero();
      assertThat(py.stdout()).as(py.output()).contains(
          "refused {'bob@example.com': (550, b'5.1.1 <bob@example.com>: Recipient address rejected: "
              + "no such user')}", "pop3 b'hello'", "imap b'hello\\r\\n'");
      mail.terminate();
      assertThat(mail.waitFor()).isZero();
    }
  }

  private void assertOneLine(int exit, String line, String... args) throws Exception {
    try (TorsionProcess p = TorsionProcess.start(dir, args)) {
      assertThat(p.waitFor()).as(p.output()).isEqualTo(exit);
      assertThat(p.stderr()).as(p.output()).containsExactly(line);
    }
  }

  @Test
  void mistakesAreOneLine() throws Exception {
    String md = dir.resolve("mail").toString();
    assertOneLine(2, "torsion: --maildirs is required", "mail", "--domain", "example.com",
        "--user", "a=b");
    assertOneLine(2, "torsion: --domain is required", "mail", "--maildirs", md, "--user", "a=b");
    assertOneLine(2, "torsion: no local users: give --user NAME=PASSWORD or --password-file FILE",
        "mail", "--maildirs", md, "--domain", "example.com");
    assertOneLine(2, "torsion: --relay-network: not a network: '10.0.0.0/99'", "mail",
        "--maildirs", md, "--domain", "example.com", "--user", "a=b", "--relay-network",
        "10.0.0.0/99");
    assertOneLine(2, "torsion: --certificate and --private-key go together", "mail",
        "--maildirs", md, "--domain", "example.com", "--user", "a=b", "--certificate", "x.pem");
  }
}
