package dev.torsion.mail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.ssl.SelfSignedCertificate;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.mail.MailFixture;
import dev.torsion.trial.ReactorThread;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SMTP smuggling and STARTTLS injection attacks, as raw bytes on a real socket. */
class SMTPHostileInputSocketTest {
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

  private static String readReply(BufferedReader in) throws Exception {
    StringBuilder b = new StringBuilder();
    while (true) {
      String line = in.readLine();
      if (line == null) {
        return b.append("<closed>").toString();
      }
      b.append(line).append('\n');
      if (line.length() < 4 || line.charAt(3) == ' ') {
        return b.toString();
      }
    }
  }

  private void smuggle(String endTrick) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(20_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
          StandardCharsets.ISO_8859_1));
      OutputStream out = s.getOutputStream();
      assertThat(readReply(in)).startsWith("220 ");
      out.write(("EHLO attacker.test\r\nMAIL FROM:<x@remote.test>\r\nRCPT TO:<alice@example.com>\r\n"
          + "DATA\r\n").getBytes(StandardCharsets.ISO_8859_1));
      assertThat(readReply(in)).startsWith("250-");
      assertThat(readReply(in)).startsWith("250 2.1.0");
      assertThat(readReply(in)).startsWith("250 2.1.5");
      assertThat(readReply(in)).startsWith("354 ");
      out.write(("Subject: innocent\r\n\r\nhello" + endTrick
          + "MAIL FROM:<ceo@example.com>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\n"
          + "Subject: forged\r\n\r\nsend money\r\n.\r\nNOOP\r\n").getBytes(StandardCharsets.ISO_8859_1));
      // One message, refused at the real end; the NOOP after it is the next command.
      assertThat(readReply(in)).startsWith("550 5.6.0");
      assertThat(readReply(in)).isEqualTo("250 2.0.0 Ok\n");
    }
    assertThat(mail.messages("alice")).isEmpty();
    assertThat(mail.messages("bob")).isEmpty();
  }

  @Test
  void lfDotLfDoesNotEndTheMessage() throws Exception {
    smuggle("\n.\n");
  }

  @Test
  void crlfDotLfDoesNotEndTheMessage() throws Exception {
    smuggle("\r\n.\n");
  }

  @Test
  void lfDotCrlfDoesNotEndTheMessage() throws Exception {
    smuggle("\n.\r\n");
  }

  @Test
  void crDotCrDoesNotEndTheMessage() throws Exception {
    smuggle("\r.\r");
  }

  @Test
  void commandsPipelinedBehindStartTlsAreDiscarded() throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(20_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
          StandardCharsets.ISO_8859_1));
      OutputStream out = s.getOutputStream();
      assertThat(readReply(in)).startsWith("220 ");
      out.write("EHLO c\r\n".getBytes(StandardCharsets.ISO_8859_1));
      assertThat(readReply(in)).contains("250-STARTTLS");
      // CVE-2011-0411: the injected MAIL rides in the same packet as STARTTLS.
      out.write("STARTTLS\r\nMAIL FROM:<evil@remote.test>\r\n".getBytes(StandardCharsets.ISO_8859_1));
      assertThat(readReply(in)).isEqualTo("220 2.0.0 Ready to start TLS\n");

      try (SSLSocket tls = (SSLSocket) trustingOurCert().getSocketFactory()
          .createSocket(s, "localhost", port, true)) {
        tls.startHandshake();
        BufferedReader tin = new BufferedReader(new InputStreamReader(tls.getInputStream(),
            StandardCharsets.ISO_8859_1));
        OutputStream tout = tls.getOutputStream();
        tout.write("EHLO c\r\nRCPT TO:<alice@example.com>\r\n".getBytes(StandardCharsets.ISO_8859_1));
        String ehlo = readReply(tin);
        assertThat(ehlo).startsWith("250-mail.example.com").doesNotContain("STARTTLS");
        assertThat(readReply(tin)).isEqualTo("503 5.5.1 Need MAIL command\n");
      }
    }
  }

  private static SSLContext trustingOurCert() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("server", CERT.certificate());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
}
