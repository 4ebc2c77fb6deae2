package dev.torsion.mail.pop3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.endpoints.TCP4ClientEndpoint;
import dev.torsion.internet.ssl.SelfSignedCertificate;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.mail.MailFixture;
import dev.torsion.trial.ReactorThread;
import dev.torsion.trial.StringTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The POP3 client against the POP3 server over real sockets, and against scripted replies. */
class POP3ClientTest {
  static final SelfSignedCertificate CERT = SelfSignedCertificate.generate("localhost");

  @TempDir Path dir;
  MailFixture mail;
  ReactorThread real;
  int port;

  @BeforeEach
  void start() throws Exception {
    mail = new MailFixture(dir);
    Path a = dir.resolve("a.eml");
    Files.writeString(a, "Subject: one\r\n\r\n.dotted\r\n");
    mail.domains.maildirFor("alice").deliver(a);
    real = new ReactorThread();
    port = real.listenTCP(new POP3Factory(POP3ServerOptions.builder("mail.example.com", mail.portal)
        .tls(TLSOptions.forServer(CERT.keyMaterial()).build()).build(), real.reactor()));
  }

  @AfterEach
  void stop() throws Exception {
    real.close();
  }

  private Deferred<POP3Client> connect() {
    return new TCP4ClientEndpoint(real.reactor(), "127.0.0.1", port)
        .connect(Factory.forProtocol(POP3Client::new)).addCallback(p -> (POP3Client) p);
  }

  @Test
  void stlsLoginRetrieveAndDeleteAtQuit() throws Exception {
    TLSOptions trust = TLSOptions.forClient("localhost").trustRoots(CERT.certificate()).build();
    Object[] seen = new Object[4];
    real.call(() -> connect().addDeferredCallback(pop -> pop.startTLS(trust)
        .addDeferredCallback(v -> pop.login("alice", "secret"))
        .addDeferredCallback(v -> pop.capabilities())
        .addDeferredCallback(caps -> {
          seen[0] = caps;
          return pop.listSize();
        })
        .addDeferredCallback(sizes -> {
          seen[1] = sizes;
          return pop.retrieve(1);
        })
        .addDeferredCallback(body -> {
          seen[2] = new String(body, StandardCharsets.ISO_8859_1);
          return pop.listUID();
        })
        .addDeferredCallback(uids -> {
          seen[3] = uids;
          pop.delete(1);
          return pop.quit();
        })));

    assertThat(((Map<?, ?>) seen[0]).keySet().toString()).contains("UIDL", "TOP").doesNotContain("STLS");
    assertThat(seen[1]).isEqualTo(Map.of(1, 25L));
    assertThat(seen[2]).isEqualTo("Subject: one\r\n\r\n.dotted\r\n");
    assertThat(((Map<?, ?>) seen[3]).keySet().toString()).isEqualTo("[1]");
    assertThat(mail.messages("alice")).isEmpty();
  }

  @Test
  void apopAndAWrongPasswordFailWithTheServersText() throws Exception {
    POP3Client.Stat stat = real.call(() -> connect().addDeferredCallback(pop ->
        pop.apop("alice", "secret").addDeferredCallback(v -> pop.stat())));
    assertThat(stat).isEqualTo(new POP3Client.Stat(1, 25));

    assertThatThrownBy(() -> real.call(() -> connect().addDeferredCallback(pop ->
        pop.login("alice", "wrong"))))
        .isInstanceOf(POP3Error.class).hasMessage("[AUTH] authentication failed");
  }

  @Test
  void aCommandWithALineBreakIsRefusedBeforeWriting() {
    POP3Client c = new POP3Client();
    StringTransport t = new StringTransport();
    c.makeConnection(t);
    c.dataReceived("+OK hi\r\n".getBytes(StandardCharsets.ISO_8859_1));
    Throwable[] err = new Throwable[1];
    c.user("alice\r\nDELE 1").addErrback(f -> {
      err[0] = f.value();
      return null;
    });
    assertThat(err[0]).isInstanceOf(IllegalArgumentException.class);
    assertThat(t.valueString()).isEmpty();
  }

  @Test
  void multiLineAnswersAreUnstuffedAndCommandsGoOneAtATime() {
    POP3Client c = new POP3Client();
    StringTransport t = new StringTransport();
    c.makeConnection(t);
    c.dataReceived("+OK hi\r\n".getBytes(StandardCharsets.ISO_8859_1));
    byte[][] got = new byte[1][];
    c.retrieve(1).addCallback(b -> got[0] = b);
    c.noop();
    assertThat(t.valueString()).isEqualTo("RETR 1\r\n");
    for (String part : List.of("+OK 9 oct", "ets\r\n..a\r", "\nb\r\n.", "\r\n")) {
      c.dataReceived(part.getBytes(StandardCharsets.ISO_8859_1));
    }
    assertThat(new String(got[0], StandardCharsets.ISO_8859_1)).isEqualTo(".a\r\nb\r\n");
    assertThat(t.valueString()).isEqualTo("RETR 1\r\nNOOP\r\n");
  }
}
