package dev.torsion.ftp.tap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.ftp.FTPServerFixture;
import dev.torsion.runner.TorsionProcess;
import dev.torsion.trial.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./torsion ftp} through the real launcher: a server ftplib uses, and one-line mistakes. */
class FTPPluginProcessTest {
  private static final String LISTENING = "listening on tcp:\\S+ \\(127\\.0\\.0\\.1:(\\d+)\\)";

  @TempDir Path dir;

  @Test
  void servesTheRootToAnonymousAndToAUserOverTls() throws Exception {
    String python = Peers.require(Peers.PYTHON);
    Path root = Files.createDirectories(dir.resolve("root"));
    Files.writeString(root.resolve("hello.txt"), "hello from the plugin\n");
    Path pem = dir.resolve("server.pem");
    FTPServerFixture.CERT.writePem(pem);
    Path key = Files.writeString(dir.resolve("key.pem"), FTPServerFixture.CERT.privateKeyPem());
    Path cert = Files.writeString(dir.resolve("cert.pem"), FTPServerFixture.CERT.certificatePem());

    try (TorsionProcess ftp = TorsionProcess.start(dir, "ftp", "--listen", "tcp:0:interface=127.0.0.1",
        "--root", root.toString(), "--anonymous", "--user", "alice=secret", "--passive-ports", "40000-40100",
        "--certificate", cert.toString(), "--private-key", key.toString())) {
      int port = Integer.parseInt(ftp.awaitLine(LISTENING).group(1));
      String script = String.join("\n",
          "import ftplib, io, ssl, sys",
          "f = ftplib.FTP(); f.connect('127.0.0.1', int(sys.argv[1]), timeout=20); f.login()",
          "buf = io.BytesIO(); f.retrbinary('RETR hello.txt', buf.write); print('anon', buf.getvalue())",
          "print('pasv', f.sendcmd('PASV'))",
          "f.quit()",
          "ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE",
          "t = ftplib.FTP_TLS(context=ctx); t.connect('127.0.0.1', int(sys.argv[1]), timeout=20)",
          "t.login('alice', 'secret'); t.prot_p()",
          "print(t.storbinary('STOR up.txt', io.BytesIO(b'over tls')))",
          "t.quit()");
      TorsionProcess py = TorsionProcess.exec(dir, List.of(python, "-c", script, String.valueOf(port)));
      assertThat(py.waitFor()).as(py.output()).isZero();
      assertThat(py.stdout()).contains("anon b'hello from the plugin\\n'", "226 Transfer complete");
      String pasv = py.stdout().stream().filter(l -> l.startsWith("pasv")).findFirst().orElseThrow();
      String[] n = pasv.replaceAll(".*\\((.*)\\).*", "$1").split(",");
      int passivePort = Integer.parseInt(n[4]) * 256 + Integer.parseInt(n[5]);
      assertThat(passivePort).isBetween(40000, 40100);
      assertThat(Files.readString(root.resolve("up.txt"))).isEqualTo("over tls");
      ftp.terminate();
      assertThat(ftp.waitFor()).isZero();
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
    Path root = Files.createDirectories(dir.resolve("root"));
    assertOneLine(2, "torsion: --root is required", "ftp", "--anonymous");
    assertOneLine(2, "torsion: nobody could log in: give --anonymous, --user or --password-file",
        "ftp", "--root", root.toString());
    assertOneLine(2, "torsion: --passive-ports must be LOW-HIGH within 1024-65535, not '10-20'",
        "ftp", "--root", root.toString(), "--anonymous", "--passive-ports", "10-20");
    assertOneLine(1, "torsion: --root: not a directory: " + dir.resolve("nope"),
        "ftp", "--root", dir.resolve("nope").toString(), "--anonymous");
    assertOneLine(2, "torsion: --require-tls needs --certificate and --private-key",
        "ftp", "--root", root.toString(), "--anonymous", "--require-tls");
    assertOneLine(2, "torsion: --user must be NAME=PASSWORD, not 'alice'",
        "ftp", "--root", root.toString(), "--user", "alice");
  }
}
