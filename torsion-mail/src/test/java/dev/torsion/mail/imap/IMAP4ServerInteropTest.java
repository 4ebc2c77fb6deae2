package dev.torsion.mail.imap;

import dev.torsion.trial.PeerProcess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.ssl.SelfSignedCertificate;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.mail.MailFixture;
import dev.torsion.trial.ReactorThread;
import dev.torsion.mail.smtp.ESMTPFactory;
import dev.torsion.trial.Peers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python's imaplib against the IMAP server; a message sent with smtplib read back byte-exact. */
class IMAP4ServerInteropTest {
  static final SelfSignedCertificate CERT = SelfSignedCertificate.generate("localhost");

  @TempDir Path dir;
  MailFixture mail;
  ReactorThread real;
  int smtp;
  int imap;

  @BeforeEach
  void start() throws Exception {
    mail = new MailFixture(dir);
    real = new ReactorThread();
    TLSOptions tls = TLSOptions.forServer(CERT.keyMaterial()).build();
    smtp = real.listenTCP(new ESMTPFactory(mail.smtp().build(), real.reactor()));
    imap = real.listenTCP(new IMAP4Factory(IMAPServerOptions.builder("mail.example.com",
        mail.portal).tls(tls).spool(mail.domains.spool())
        .loginName(n -> mail.domains.userFor(n) != null ? mail.domains.userFor(n) : n).build(),
        real.reactor()));
  }

  @AfterEach
  void stop() throws Exception {
    real.close();
  }

  @Test
  void imaplibWithStartTlsReadsSmtpMailByteExactAndManagesMailboxes() throws Exception {
    String python = Peers.require(Peers.PYTHON);
    String script = String.join("\n",
        "import smtplib, imaplib, ssl, sys, time",
        "msg = (b'From: Xavier <x@remote.test>\\r\\nTo: alice@example.com\\r\\nSubject: round trip\\r\\n'",
        "       b'Message-ID: <1@remote.test>\\r\\n\\r\\n.starts with a dot\\r\\n\\xe9 8-bit\\r\\n' + b'L' * 998 + b'\\r\\n')",
        "s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=20)",
        "s.sendmail('x@remote.test', ['alice@example.com'], msg); s.quit()",
        "m = imaplib.IMAP4('127.0.0.1', int(sys.argv[2]), timeout=20)",
        "assert 'STARTTLS' in m.capabilities, m.capabilities",
        "ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE",
        "m.starttls(ssl_context=ctx)",
        "assert 'STARTTLS' not in m.capabilities, m.capabilities",
        "m.login('alice@example.com', 'secret')",
        "print('list', m.list()[1])",
        "typ, data = m.select('INBOX'); print('select', typ, data)",
        "typ, data = m.fetch('1', '(RFC822.SIZE BODY.PEEK[])')",
        "body = data[0][1]",
        "i = body.index(b'From: Xavier')",
        "print('exact', body[i:] == msg, b'RFC822.SIZE %d' % len(body) in data[0][0])",
        "typ, data = m.fetch('1', '(FLAGS)'); print('peek', data)",
        "typ, data = m.fetch('1:*', '(UID FLAGS ENVELOPE BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (SUBJECT)])')",
        "print('fetch', data)",
        "print('search', m.search(None, 'SUBJECT', '\"round trip\"'), m.uid('SEARCH', None, 'UNSEEN'))",
        "print('store', m.store('1', '+FLAGS', '(\\\\Flagged \\\\Seen)'))",
        "print('create', m.create('Archive'))",
        "print('copy', m.copy('1', 'Archive'))",
        "print('append', m.append('Archive', '(\\\\Seen)', None, b'Subject: appended\\r\\n\\r\\nhi\\r\\n'))",
        "print('status', m.status('Archive', '(MESSAGES UIDNEXT UNSEEN)'))",
        "tag = m._new_tag(); m.send(tag + b' IDLE\\r\\n'); print('idle', m.readline())",
        "m.send(b'DONE\\r\\n'); print('done', m.readline())",
        "print('delete', m.store('1', '+FLAGS', '\\\\Deleted'), m.expunge())",
        "print('after', m.select('INBOX'), m.select('Archive'))",
        "typ, data = m.fetch('2', '(BODY[TEXT] FLAGS)'); print('appended', data)",
        "print('rename', m.rename('Archive', 'Old'), m.list()[1])",
        "m.logout()");

    PeerProcess.Result r = PeerProcess.run(List.of(python, "-c", script, String.valueOf(smtp), String.valueOf(imap)));

    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.stdout()).as(r.all()).contains(
        "exact True True",
        "peek [b'1 (FLAGS ())']",
        "ENVELOPE (NIL \"round trip\" ((\"Xavier\" NIL \"x\" \"remote.test\"))",
        "BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\"",
        "BODY[HEADER.FIELDS (SUBJECT)] {23}",
        "search ('OK', [b'1']) ('OK', [b'1'])",
        "store ('OK', [b'1 (FLAGS (\\\\Flagged \\\\Seen))'])",
        "create ('OK'",
        "copy ('OK', [b'[COPYUID ",
        "append ('OK', [b'[APPENDUID ",
        "MESSAGES 2 UIDNEXT 3 UNSEEN 0",
        "idle b'+ idling\\r\\n'",
        "done b'",
        "OK IDLE terminated",
        "delete ('OK', [b'1 (FLAGS (\\\\Flagged \\\\Seen \\\\Deleted))']) ('OK', [b'1'])",
        "after ('OK', [b'0']) ('OK', [b'2'])",
        "b'2 (BODY[TEXT] {4}', b'hi\\r\\n'",
        "rename ('OK', [b'RENAME completed']) [b'(\\\\HasNoChildren) \"/\" \"INBOX\"', "
            + "b'(\\\\HasNoChildren) \"/\" \"Old\"']");
    assertThat(mail.messages("alice")).isEmpty();
  }

  @Test
  void imaplibAuthenticatePlain() throws Exception {
    String python = Peers.require(Peers.PYTHON);
    String script = String.join("\n",
        "import imaplib, sys",
        "m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]), timeout=20)",
        "print(m.authenticate('PLAIN', lambda c: b'\\0bob\\0hunter2'))",
        "print(m.select('INBOX', readonly=True))",
        "try:",
        "    m.store('1:*', '+FLAGS', '\\\\Seen')",
        "except Exception as e: print('refused', type(e).__name__)",
        "m.logout()");

    PeerProcess.Result r = PeerProcess.run(List.of(python, "-c", script, String.valueOf(imap)));

    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.stdout()).as(r.all()).contains("('OK', [b'[CAPABILITY", "('OK', [b'0'])");
  }
}
