package dev.torsion.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.endpoints.Endpoints;
import dev.torsion.internet.ssl.SelfSignedCertificate;
import dev.torsion.trial.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code torsion web --listen ssl:...:privateKey=PEM}: curl fetches a file with --cacert. */
final class WebPluginInteropTest {
  private static final String LISTENING_TCP = "listening on (?:tcp|ssl):\\S+ \\(127\\.0\\.0\\.1:(\\d+)\\)";

  @TempDir Path dir;

  @Test
  void webServesHttpsWithAKeyFileAndCurlVerifiesIt() throws Exception {
    String curl = Peers.require("curl");
    SelfSignedCertificate ca =
        SelfSignedCertificate.builder().commonName("web test CA").certificateAuthority(true).build();
    SelfSignedCertificate leaf = SelfSignedCertificate.builder().names("localhost").signedBy(ca).build();
    Path pem = dir.resolve("server.pem");
    leaf.writePem(pem);
    Path caFile = Files.writeString(dir.resolve("ca.crt"), ca.certificatePem());
    Path www = Files.createDirectories(dir.resolve("www"));
    Files.writeString(www.resolve("index.html"), "<p>over TLS</p>\n");

    try (TorsionProcess web = TorsionProcess.start(dir, "web", "--listen",
        "ssl:0:interface=127.0.0.1:privateKey=" + Endpoints.quoteStringArgument(pem.toString()),
        "--path", www.toString(), "--timeout", "5")) {
      int port = Integer.parseInt(web.awaitLine(LISTENING_TCP).group(1));
      String url = "https://localhost:" + port + "/";
      List<String> common = List.of(curl, "-sS", "--max-time", "20",
          "--resolve", "localhost:" + port + ":127.0.0.1");

      TorsionProcess ok = TorsionProcess.exec(dir, concat(common, "-i", "--cacert", caFile.toString(), url));
      assertThat(ok.waitFor()).as(ok.output()).isZero();
      TorsionProcess plain = TorsionProcess.exec(dir, concat(common, url));
      assertThat(plain.waitFor()).isNotZero(); // the certificate is really checked

      // curl offers h2 by ALPN, and the web plugin's Site speaks it unless told --no-http2.
      assertThat(ok.stdout().get(0)).startsWith("HTTP/2 200");
      assertThat(ok.stdout()).contains("<p>over TLS</p>");
      web.terminate();
      assertThat(web.waitFor()).isZero();
    }
    try (TorsionProcess web = TorsionProcess.start(dir, "web", "--listen",
        "ssl:0:interface=127.0.0.1:privateKey=" + Endpoints.quoteStringArgument(pem.toString()),
        "--path", www.toString(), "--no-http2")) {
      int port = Integer.parseInt(web.awaitLine(LISTENING_TCP).group(1));
      TorsionProcess h1 = TorsionProcess.exec(dir, List.of(curl, "-sS", "-i", "--max-time", "20",
          "--resolve", "localhost:" + port + ":127.0.0.1", "--cacert", caFile.toString(),
          "https://localhost:" + port + "/"));
      assertThat(h1.waitFor()).as(h1.output()).isZero();
      assertThat(h1.stdout()).startsWith("HTTP/1.1 200 OK").contains("<p>over TLS</p>");
      web.terminate();
      assertThat(web.waitFor()).isZero();
    }
  }

  @Test
  void webAuthProtectsTheSiteWithAPasswordFile() throws Exception {
    String curl = Peers.require("curl");
    Path users = dir.resolve("users.passwd");
    dev.torsion.cred.PasswordFileChecker.setPassword(users, "alice",
        dev.torsion.cred.PasswordHash.bcrypt("s3cret", 4));
    Path www = Files.createDirectories(dir.resolve("www"));
    Files.writeString(www.resolve("index.html"), "<p>members only</p>\n");

    try (TorsionProcess web = TorsionProcess.start(dir, "web", "--listen", "tcp:0:interface=127.0.0.1",
        "--path", www.toString(), "--auth", users.toString(), "--user", "bob=hunter2")) {
      int port = Integer.parseInt(web.awaitLine(LISTENING_TCP).group(1));
      String url = "http://127.0.0.1:" + port + "/index.html";
      List<String> common = List.of(curl, "-sS", "--max-time", "20");
      TorsionProcess basic = TorsionProcess.exec(dir, concat(common, "-u", "alice:s3cret", url));
      assertThat(basic.waitFor()).as(basic.output()).isZero();
      assertThat(basic.stdout()).contains("<p>members only</p>");
      TorsionProcess digest = TorsionProcess.exec(dir, concat(common, "--digest", "-u", "bob:hunter2", url));
      assertThat(digest.waitFor()).as(digest.output()).isZero();
      assertThat(digest.stdout()).contains("<p>members only</p>");
      TorsionProcess anonymous = TorsionProcess.exec(dir, concat(common, "-o", "/dev/null", "-w", "%{http_code}", url));
      assertThat(anonymous.waitFor()).isZero();
      assertThat(anonymous.stdout()).containsExactly("401");
      web.terminate();
      assertThat(web.waitFor()).isZero();
    }
  }

  @Test
  void aBrokenPasswordFileIsOneLineNamingItsLine() throws Exception {
    Path users = Files.writeString(dir.resolve("bad.passwd"), "alice:plaintext\n");
    Path www = Files.createDirectories(dir.resolve("www"));
    try (TorsionProcess web = TorsionProcess.start(dir, "web", "--listen", "tcp:0:interface=127.0.0.1",
        "--path", www.toString(), "--auth", users.toString())) {
      assertThat(web.waitFor()).isEqualTo(1);
      assertThat(web.stderr()).anySatisfy(line -> assertThat(line)
          .startsWith("torsion: --auth: " + users + ":1: unknown password hash"));
    }
  }

  private static List<String> concat(List<String> a, String... b) {
    List<String> out = new java.util.ArrayList<>(a);
    out.addAll(List.of(b));
    return out;
  }
}
