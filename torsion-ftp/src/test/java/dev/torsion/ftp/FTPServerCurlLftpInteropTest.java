package dev.torsion.ftp;

import dev.torsion.trial.PeerProcess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curl and lftp against the server: plain and TLS, passive and active, both directions. */
class FTPServerCurlLftpInteropTest {
  @TempDir Path dir;
  Path root;
  FTPServerFixture server;
  byte[] big;

  @BeforeEach
  void start() throws Exception {
    root = Files.createDirectories(dir.resolve("root"));
    big = new byte[500_000];
    new Random(11).nextBytes(big);
    Files.createDirectories(root.resolve("pub/sub"));
    Files.write(root.resolve("pub/big.bin"), big);
    Files.writeString(root.resolve("pub/sub/note.txt"), "nested\n");
    server = new FTPServerFixture(root);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private String url(String userinfo, String path) {
    return "ftp://" + userinfo + "127.0.0.1:" + server.port + path;
  }

  private PeerProcess.Result curl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Peers.require("curl"), "-sS", "--max-time", "30"));
    cmd.addAll(List.of(args));
    return PeerProcess.run(cmd);
  }

  @Test
  void curlDownloadsAnonymouslyInPassiveAndActiveMode() throws Exception {
    Path out = dir.resolve("out.bin");
    PeerProcess.Result passive = curl("-o", out.toString(), url("", "/pub/big.bin"));
    assertThat(passive.exit()).as(passive.all()).isZero();
    assertThat(Files.readAllBytes(out)).isEqualTo(big);

    Files.delete(out);
    PeerProcess.Result active = curl("-P", "127.0.0.1", "-o", out.toString(), url("", "/pub/big.bin"));
    assertThat(active.exit()).as(active.all()).isZero();
    assertThat(Files.readAllBytes(out)).isEqualTo(big);

    PeerProcess.Result list = curl(url("", "/pub/"));
    assertThat(list.exit()).as(list.all()).isZero();
    assertThat(list.stdout()).containsPattern("-rw-r--r-- +1 ftp +ftp +500000 .* big\\.bin")
        .containsPattern("drwx.* sub");
  }

  @Test
  void curlUploadsAsAliceAndIsRefusedAnonymously() throws Exception {
    Path src = Files.write(dir.resolve("src.bin"), big);
    PeerProcess.Result up = curl("-T", src.toString(), url("alice:secret@", "/pub/sub/up.bin"));
    assertThat(up.exit()).as(up.all()).isZero();
    assertThat(Files.readAllBytes(root.resolve("pub/sub/up.bin"))).isEqualTo(big);

    PeerProcess.Result anon = curl("-T", src.toString(), url("", "/pub/anon.bin"));
    assertThat(anon.exit()).as(anon.all()).isNotZero();
    assertThat(root.resolve("pub/anon.bin")).doesNotExist();

    PeerProcess.Result wrong = curl(url("alice:wrong@", "/pub/"));
    assertThat(wrong.exit()).as(wrong.all()).isEqualTo(67); // CURLE_LOGIN_DENIED
  }

  @Test
  void curlWithFtpSslUploadsAndDownloadsOverTls() throws Exception {
    Path src = Files.write(dir.resolve("src.bin"), big);
    PeerProcess.Result up = curl("--ssl-reqd", "-k", "-T", src.toString(), url("alice:secret@", "/tls.bin"));
    assertThat(up.exit()).as(up.all()).isZero();
    assertThat(Files.readAllBytes(root.resolve("tls.bin"))).isEqualTo(big);

    Path out = dir.resolve("tls-out.bin");
    PeerProcess.Result down = curl("--ftp-ssl", "--ssl-reqd", "-k", "-v", "-o", out.toString(),
        url("alice:secret@", "/tls.bin"));
    assertThat(down.exit()).as(down.all()).isZero();
    assertThat(down.stderr()).contains("AUTH TLS", "PROT P");
    assertThat(Files.readAllBytes(out)).isEqualTo(big);
  }

  private PeerProcess.Result lftp(String commands) throws Exception {
    String lftp = Peers.require("lftp");
    String settings = "set net:max-retries 1; set net:timeout 15; set xfer:clobber on; "
        + "set ssl:verify-certificate no; ";
    return PeerProcess.run(List.of(lftp, "-p", String.valueOf(server.port), "-u", "alice,secret",
        "-e", settings + commands + "; bye", "127.0.0.1"));
  }

  @Test
  void lftpMirrorsPutsRenamesAndRemovesOverTls() throws Exception {
    Path local = Files.createDirectories(dir.resolve("local"));
    Files.writeString(dir.resolve("put.txt"), "from lftp\n");
    Path log = dir.resolve("lftp.log");
    PeerProcess.Result r = lftp("debug -o " + log + " 5; set ftp:ssl-force true; set ftp:ssl-protect-data true; "
        + "cls -1 pub; mirror pub " + local + "/pub; put " + dir.resolve("put.txt") + " -o pub/put.txt; "
        + "mv pub/put.txt pub/moved.txt; mkdir pub/made; rmdir pub/made; rm pub/sub/note.txt; "
        + "cat pub/moved.txt");

    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.stdout()).contains("big.bin", "sub", "from lftp");
    assertThat(Files.readAllBytes(local.resolve("pub/big.bin"))).isEqualTo(big);
    assertThat(Files.readString(local.resolve("pub/sub/note.txt"))).isEqualTo("nested\n");
    assertThat(Files.readString(root.resolve("pub/moved.txt"))).isEqualTo("from lftp\n");
    assertThat(root.resolve("pub/made")).doesNotExist();
    assertThat(root.resolve("pub/sub/note.txt")).doesNotExist();
    // lftp retries a failed transfer by itself; the log shows whether it had to
    assertThat(Files.readString(log)).contains("AUTH TLS", "PROT P").doesNotContain("<--- 42", "<--- 45");
  }

  @Test
  void lftpInActiveModeWithoutTls() throws Exception {
    PeerProcess.Result r = lftp("set ftp:ssl-allow no; set ftp:passive-mode off; cls -l pub; get pub/big.bin -o "
        + dir.resolve("active.bin"));
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("active.bin"))).isEqualTo(big);
  }
}
