package dev.torsion.mail.pop3;

import dev.torsion.trial.PeerProcess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.ssl.SelfSignedCertificate;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.mail.MailFixture;
import dev.torsion.trial.ReactorThread;
import dev.torsion.mail.smtp.ESMTPFactory;
import dev.torsion.trial.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python's poplib against the POP3 server; a message sent with smtplib read back byte-exact. */
class POP3ServerInteropTest {
  static final SelfSignedCertificate CERT = SelfSignedCertificate.generate("localhost");

  @TempDir Path dir;
  MailFixture mail;
  ReactorThread real;
  int smtp;
  int pop3;

  @BeforeEach
  void start() throws Exception {
    mail = new MailFixture(dir);
    real = new ReactorThread();
    TLSOptions tls = TLSOptions.forServer(CERT.keyMaterial()).build();
    smtp = real.listenTCP(new ESMTPFactory(mail.smtp().build(), real.reactor()));
    pop3 = real.listenTCP(new POP3Factory(POP3ServerOptions.builder("mail.example.com", mail.portal)
        .tls(tls).build(), real.reactor()));
  }

  @AfterEach
  void stop() throws Exception {
    real.close();
  }

  @Test
  void aMessageSentBySmtpIsReadBackByteExactOverPop3WithStls() throws Exception {
    String python = Peers.require(Peers.PYTHON);
    String script = String.join("\n",
        "import smtplib, poplib, ssl, sys",
        "msg = (b'From: x@remote.test\\r\\nSubject: round trip\\r\\n\\r\\n.starts with a dot\\r\\n'",
        "       b'..two dots\\r\\n.\\r\\n\\x00\\xff 8-bit \\xe9\\r\\n' + b'L' * 998 + b'\\r\\nend\\r\\n')",
        "s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=20)",
        "s.sendmail('x@remote.test', ['alice@example.com'], msg); s.quit()",
        "p = poplib.POP3('127.0.0.1', int(sys.argv[2]), timeout=20)",
        "caps = p.capa(); assert 'STLS' in caps and 'UIDL' in caps, caps",
        "ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE",
        "p.stls(context=ctx)",
        "assert 'STLS' not in p.capa()",
        "p.user('alice'); p.pass_('secret')",
        "count, total = p.stat()",
        "resp, lines, octets = p.retr(1)",
        "body = b'\\r\\n'.join(lines) + b'\\r\\n'",
        "i = body.index(b'From: x@remote.test')",
        "print('exact', body[i:] == msg, 'octets', octets == total, len(body) == total)",
        "print('uidl', p.uidl(1).split()[2].decode() == p.uidl()[1][0].split()[1].decode())",
        "p.dele(1); p.quit()");

    PeerProcess.Result r = PeerProcess.run(List.of(python, "-c", script, String.valueOf(smtp), String.valueOf(pop3)));

    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.stdout()).contains("exact True octets True True", "uidl True");
    assertThat(mail.messages("alice")).isEmpty();
    assertThat(Files.list(mail.domains.spool())).isEmpty();
  }

  @Test
  void poplibApopAndTop() throws Exception {
    String python = Peers.require(Peers.PYTHON);
    String script = String.join("\n",
        "import smtplib, poplib, sys",
        "s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=20)",
        "s.sendmail('x@remote.test', ['bob@example.com'], b'Subject: t\\r\\n\\r\\n1\\r\\n2\\r\\n3\\r\\n'); s.quit()",
        "p = poplib.POP3('127.0.0.1', int(sys.argv[2]), timeout=20)",
        "p.apop('bob', 'hunter2')",
        "print(p.top(1, 1)[1][-3:])",
        "p.quit()");

    PeerProcess.Result r = PeerProcess.run(List.of(python, "-c", script, String.valueOf(smtp), String.valueOf(pop3)));

    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.stdout()).contains("[b'Subject: t', b'', b'1']");
    assertThat(mail.messages("bob")).hasSize(1);
  }
}
