package dev.torsion.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.Peers;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ssl:PORT:generate=NAMES}: a self-signed certificate curl trusts with --cacert. */
final class GeneratedCertificateInteropTest {
  private static final String LISTENING_TCP = "listening on (?:tcp|ssl):\\S+ \\(127\\.0\\.0\\.1:(\\d+)\\)";
  private static final String GENERATED =
      "(generated a|reusing the) self-signed certificate for localhost: (\\S+) \\(clients may trust (\\S+)\\),"
          + " SHA-256 fingerprint ([0-9A-F:]{95})";

  @TempDir Path dir;

  @Test
  void webOverAGeneratedCertificateServesCurlAndReusesItOnRestart() throws Exception {
    String curl = Peers.require("curl");
    Path home = Files.createDirectories(dir.resolve("home"));
    Path www = Files.createDirectories(dir.resolve("www"));
    Files.writeString(www.resolve("hello.txt"), "hello over TLS\n");

    String firstFingerprint;
    try (TorsionProcess web = TorsionProcess.start(dir, List.of("-Duser.home=" + home),
        "--reactors", "2", "web", "--listen", "ssl:0:interface=127.0.0.1:generate=localhost",
        "--path", www.toString())) {
      Matcher g = web.awaitLine(GENERATED);
      assertThat(g.group(1)).isEqualTo("generated a");
      Path crt = Path.of(g.group(3));
      assertThat(Path.of(g.group(2))).isEqualTo(home.resolve(".torsion/certs/localhost.pem"));
      assertThat(crt).isEqualTo(home.resolve(".torsion/certs/localhost.crt"));
      firstFingerprint = g.group(4);
      assertThat(firstFingerprint).isEqualTo(sha256(crt));
      int port = Integer.parseInt(web.awaitLine(LISTENING_TCP).group(1));

      Path out = dir.resolve("curl.out");
      TorsionProcess c = TorsionProcess.exec(dir, List.of(curl, "-sS", "--max-time", "20",
          "--cacert", crt.toString(), "--resolve", "localhost:" + port + ":127.0.0.1",
          "-o", out.toString(), "https://localhost:" + port + "/hello.txt"));
      assertThat(c.waitFor()).as(c.output()).isEqualTo(0);
      assertThat(Files.readString(out)).isEqualTo("hello over TLS\n");

      // Without --cacert, curl must refuse: the certificate is really checked.
      TorsionProcess refused = TorsionProcess.exec(dir, List.of(curl, "-sS", "--max-time", "20",
          "--resolve", "localhost:" + port + ":127.0.0.1", "-o", out.toString(),
          "https://localhost:" + port + "/hello.txt"));
      assertThat(refused.waitFor()).isNotEqualTo(0);

      web.terminate();
      assertThat(web.waitFor()).isEqualTo(0);
    }

    try (TorsionProcess again = TorsionProcess.start(dir, List.of("-Duser.home=" + home),
        "web", "--listen", "ssl:0:interface=127.0.0.1:generate=localhost", "--path", www.toString())) {
      Matcher g = again.awaitLine(GENERATED);
      assertThat(g.group(1)).isEqualTo("reusing the");
      assertThat(g.group(4)).isEqualTo(firstFingerprint);
      again.awaitLine(LISTENING_TCP);
      again.terminate();
      assertThat(again.waitFor()).isEqualTo(0);
    }
  }

  @Test
  void generateWithAPrivateKeyTooIsAOneLineUsageError() throws Exception {
    try (TorsionProcess p = TorsionProcess.start(dir, List.of("-Duser.home=" + dir),
        "echo", "--listen", "ssl:0:generate=localhost:privateKey=x.pem")) {
      assertThat(p.waitFor()).isEqualTo(2);
      assertThat(p.stderr()).containsExactly(
          "torsion: --listen: give privateKey or generate for ssl, not both in"
              + " 'ssl:0:generate=localhost:privateKey=x.pem'");
    }
  }

  private static String sha256(Path pem) throws Exception {
    String text = Files.readString(pem, StandardCharsets.US_ASCII);
    X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
    return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
  }
}
