package dev.torsion.ftp;

import dev.torsion.trial.PeerProcess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** requireTLS: no password before AUTH TLS, no transfer without PROT P; ftplib as the client. */
class FTPServerRequireTlsInteropTest {
  @TempDir Path root;
  FTPServerFixture server;

  @BeforeEach
  void start() throws Exception {
    Files.writeString(root.resolve("f.txt"), "protected\n");
    server = new FTPServerFixture(root, b -> b.requireTLS(true));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void plaintextLoginAndUnprotectedTransfersAreRefused() throws Exception {
    try (RawControl c = new RawControl(server.port)) {
      c.reply();
      assertThat(c.send("USER alice")).startsWith("530 Log in after AUTH TLS");
    }
    String script = String.join("\n",
        "import ftplib, io, ssl, sys",
        "ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE",
        "f = ftplib.FTP_TLS(context=ctx); f.connect('127.0.0.1', int(sys.argv[1]), timeout=20)",
        "f.login('alice', 'secret')",
        "try:",
        "    f.retrbinary('RETR f.txt', print)",
        "except ftplib.error_perm as e:",
        "    print('clear', e)",
        "f.prot_p(); buf = io.BytesIO(); f.retrbinary('RETR f.txt', buf.write); print('private', buf.getvalue())",
        "f.quit()");
    PeerProcess.Result r = PeerProcess.run(List.of(Peers.require(Peers.PYTHON), "-c", script, String.valueOf(server.port)));
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.stdout()).contains("clear 521 Data connections must be protected", "private b'protected\\n'");
  }
}
