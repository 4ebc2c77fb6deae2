package dev.torsion.ftp;

import dev.torsion.trial.PeerProcess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python's ftplib (the client in every Python) against the server on a real socket. */
class FTPServerFtplibInteropTest {
  @TempDir Path root;
  FTPServerFixture server;
  byte[] big;

  @BeforeEach
  void start() throws Exception {
    big = new byte[700_000];
    new Random(7).nextBytes(big);
    Files.write(root.resolve("big.bin"), big);
    Files.createDirectories(root.resolve("pub"));
    Files.writeString(root.resolve("pub/readme.txt"), "line one\nline two\n");
    server = new FTPServerFixture(root);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private PeerProcess.Result python(String... lines) throws Exception {
    String python = Peers.require(Peers.PYTHON);
    String script = "import ftplib, hashlib, io, ssl, sys\nport = int(sys.argv[1])\n" + String.join("\n", lines);
    return PeerProcess.run(List.of(python, "-c", script, String.valueOf(server.port)));
  }

  private static String sha(byte[] b) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
  }

  @Test
  void anonymousPassiveBinaryDownloadRestMlsdAndListButNoUpload() throws Exception {
    PeerProcess.Result r = python(
        "f = ftplib.FTP(); f.connect('127.0.0.1', port, timeout=20); f.login()",
        "print('pwd', f.pwd())",
        "buf = io.BytesIO(); f.retrbinary('RETR big.bin', buf.write); print('sha', hashlib.sha256(buf.getvalue()).hexdigest())",
        "buf = io.BytesIO(); f.retrbinary('RETR big.bin', buf.write, rest=1000); print('rest', len(buf.getvalue()), hashlib.sha256(buf.getvalue()).hexdigest())",
        "print('mlsd', sorted((n, facts['type']) for n, facts in f.mlsd()))",
        "lines = []; f.retrlines('LIST', lines.append); print('list', lines)",
        "print('size', f.size('big.bin'))",
        "f.cwd('pub'); print('nlst', f.nlst())",
        "try:",
        "    f.storbinary('STOR x.bin', io.BytesIO(b'nope'))",
        "except ftplib.error_perm as e:",
        "    print('stor', e)",
        "f.quit()");

    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.stdout()).contains("pwd /", "sha " + sha(big),
        "rest 699000 " + sha(java.util.Arrays.copyOfRange(big, 1000, big.length)),
        "mlsd [('.', 'cdir'), ('big.bin', 'file'), ('pub', 'dir')]",
        "size 700000", "nlst ['readme.txt']", "stor 550 Permission denied");
    assertThat(r.stdout()).containsPattern("list \\['-rw-r--r-- +1 ftp +ftp +700000 \\w{3} \\d\\d [ \\d:]{5} big.bin', 'drwx");
    assertThat(root.resolve("pub/x.bin")).doesNotExist();
  }

  @Test
  void aliceActiveModeUploadsAppendsRenamesAndDeletes() throws Exception {
    PeerProcess.Result r = python(
        "f = ftplib.FTP(); f.connect('127.0.0.1', port, timeout=20); f.login('alice', 'secret')",
        "f.set_pasv(False)",
        "data = bytes(range(256)) * 4000",
        "print(f.storbinary('STOR up.bin', io.BytesIO(data)))",
        "print(f.storbinary('APPE up.bin', io.BytesIO(b'tail')))",
        "buf = io.BytesIO(); f.retrbinary('RETR up.bin', buf.write); print('same', buf.getvalue() == data + b'tail')",
        "print(f.mkd('new dir'))",
        "print(f.rename('up.bin', 'new dir/moved.bin'))",
        "print('size', f.size('new dir/moved.bin'))",
        "print(f.delete('new dir/moved.bin'))",
        "print(f.rmd('new dir'))",
        "f.quit()");

    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.stdout()).contains("226 Transfer complete", "same True", "\n/new dir\n",
        "size 1024004", "250 Deleted /new dir/moved.bin", "250 Removed /new dir");
    assertThat(root.resolve("new dir")).doesNotExist();
  }

  @Test
  void restartedUploadWritesFromTheOffset() throws Exception {
    Files.write(root.resolve("part.bin"), new byte[] {1, 2, 3, 4, 5, 6});
    PeerProcess.Result r = python(
        "f = ftplib.FTP(); f.connect('127.0.0.1', port, timeout=20); f.login('alice', 'secret')",
        "print(f.storbinary('STOR part.bin', io.BytesIO(b'\\x09\\x09\\x09\\x09'), rest=4))",
        "f.quit()");

    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(Files.readAllBytes(root.resolve("part.bin"))).containsExactly(1, 2, 3, 4, 9, 9, 9, 9);
  }

  @Test
  void asciiModeTurnsLineEndsIntoCrlfOnTheWire() throws Exception {
    PeerProcess.Result r = python(
        "f = ftplib.FTP(); f.connect('127.0.0.1', port, timeout=20); f.login('alice', 'secret')",
        "raw = []",
        "f.sendcmd('TYPE A'); conn = f.transfercmd('RETR pub/readme.txt'); raw.append(conn.makefile('rb').read()); conn.close(); f.voidresp()",
        "print('raw', raw[0])",
        "f.storlines('STOR lines.txt', io.BytesIO(b'a\\nb\\n'))",
        "f.quit()");

    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.stdout()).contains("raw b'line one\\r\\nline two\\r\\n'");
    assertThat(Files.readString(root.resolve("lines.txt"))).isEqualTo("a\nb\n");
  }

  @Test
  void ftpTlsWithProtPUploadsListsAndDownloads() throws Exception {
    PeerProcess.Result r = python(
        "ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE",
        "f = ftplib.FTP_TLS(context=ctx); f.connect('127.0.0.1', port, timeout=20)",
        "print(f.auth())",
        "f.login('alice', 'secret')",
        "print(f.prot_p())",
        "data = b'secret bytes ' * 50000",
        "print(f.storbinary('STOR tls.bin', io.BytesIO(data)))",
        "print('mlsd', sorted(n for n, facts in f.mlsd()))",
        "buf = io.BytesIO(); f.retrbinary('RETR tls.bin', buf.write); print('same', buf.getvalue() == data)",
        "print('cipher', f.sock.version())",
        "f.quit()");

    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.stdout()).contains("234 AUTH TLS ok", "200 Protection level set to Private",
        "226 Transfer complete", "tls.bin", "same True", "cipher TLSv1.");
    assertThat(Files.size(root.resolve("tls.bin"))).isEqualTo(13L * 50000);
  }
}
