package dev.torsion.conch.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.Peers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenSSH's sftp (in batch mode), scp (over SFTP, and the legacy protocol over exec) and
 * paramiko's SFTPClient against Torsion's SFTP subsystem:
 * transfers byte-exact both ways, the usual file operations, and no way out of the root.
 */
class SFTPInteropTest {
  @TempDir static Path dir;
  static dev.torsion.conch.ssh.SSHTestServerAccess server;
  static Path root;
  static Path outside;

  @BeforeAll
  static void start() throws Exception {
    String keygen = Peers.require("ssh-keygen");
    Process p = new ProcessBuilder(keygen, "-q", "-t", "ed25519", "-N", "", "-f",
        dir.resolve("id_ed25519").toString()).inheritIO().start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
    server = dev.torsion.conch.ssh.SSHTestServerAccess.start(dir);
    Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine());
    root = dir.resolve("sftp-root");
    outside = Files.writeString(dir.resolve("secret.txt"), "outside the root\n");
    Files.createSymbolicLink(root.resolve("escape"), dir);
    Files.createSymbolicLink(root.resolve("secret-link"), outside);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  record Result(int exit, String out) {}

  static Result sftp(String batch) throws Exception {
    String sftp = Peers.require("sftp");
    Path b = Files.writeString(dir.resolve("batch"), batch);
    List<String> cmd = new ArrayList<>(List.of(sftp, "-F", "/dev/null", "-P",
        String.valueOf(server.port()), "-o", "UserKnownHostsFile=" + dir.resolve("known_hosts"),
        "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-i",
        dir.resolve("id_ed25519").toString(), "-b", b.toString(), "alice@127.0.0.1"));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("sftp.out").toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), Files.readString(dir.resolve("sftp.out")));
  }

  @Test
  void hundredMegabytesGoUpAndComeBackByteExact() throws Exception {
    Path local = dir.resolve("big.bin");
    byte[] chunk = new byte[1 << 20];
    new Random(1).nextBytes(chunk);
    try (var out = Files.newOutputStream(local)) {
      for (int i = 0; i < 100; i++) {
        chunk[i] = (byte) i; // each megabyte differs
        out.write(chunk);
      }
    }
    long t0 = System.nanoTime();
    Result r = sftp("put big.bin big.bin\nget big.bin back.bin\n");
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(Files.mismatch(local, root.resolve("big.bin"))).isEqualTo(-1);
    assertThat(Files.mismatch(local, dir.resolve("back.bin"))).isEqualTo(-1);
    System.out.printf("sftp: 100 MB up and down in %.2f s (%.1f MB/s)%n", seconds,
        200 / seconds);
    Files.delete(root.resolve("big.bin"));
  }

  static Result scp(String... args) throws Exception {
    String scp = Peers.require("scp");
    List<String> cmd = new ArrayList<>(List.of(scp, "-F", "/dev/null", "-P",
        String.valueOf(server.port()), "-o", "UserKnownHostsFile=" + dir.resolve("known_hosts"),
        "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-i",
        dir.resolve("id_ed25519").toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("scp.out").toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), Files.readString(dir.resolve("scp.out")));
  }

  @Test
  void scpCopiesBothWaysThroughTheSftpSubsystem() throws Exception {
    // OpenSSH 9's scp speaks SFTP by default, so the copy stays inside the SFTP root.
    byte[] data = new byte[3_000_017];
    new Random(3).nextBytes(data);
    Path local = Files.write(dir.resolve("scp-up.bin"), data);
    Result up = scp(local.toString(), "alice@127.0.0.1:/scp.bin");
    Result down = scp("alice@127.0.0.1:/scp.bin", dir.resolve("scp-down.bin").toString());
    Result out = scp("alice@127.0.0.1:/../secret.txt", dir.resolve("scp-secret.txt").toString());

    assertThat(up.exit()).as(up.out()).isZero();
    assertThat(Files.readAllBytes(root.resolve("scp.bin"))).isEqualTo(data);
    assertThat(down.exit()).as(down.out()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("scp-down.bin"))).isEqualTo(data);
    assertThat(out.exit()).isNotZero();
    assertThat(dir.resolve("scp-secret.txt")).doesNotExist();
    Files.delete(root.resolve("scp.bin"));
  }

  @Test
  void legacyScpRunsScpOnTheServerThroughExec() throws Exception {
    // scp -O: the old protocol, "scp -t DIR" run by the server's shell over an exec channel.
    Path target = Files.createDirectories(dir.resolve("legacy-target"));
    Path local = Files.writeString(dir.resolve("legacy.txt"), "copied the old way\n");
    Result r = scp("-O", local.toString(), "alice@127.0.0.1:" + target);

    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(target.resolve("legacy.txt")).hasContent("copied the old way");
  }

  @Test
  void directoriesRenamesAndRemoval() throws Exception {
    Files.writeString(dir.resolve("small.txt"), "small\n");
    Result r = sftp(String.join("\n", "mkdir d", "put small.txt d/one.txt",
        "rename d/one.txt d/two.txt", "ls d", "rm d/two.txt", "rmdir d", "ls", ""));
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains("d/two.txt");
    assertThat(root.resolve("d")).doesNotExist();
  }

  @Test
  void dotDotStopsAtTheRoot() throws Exception {
    Result r = sftp("cd ../../..\npwd\n-get secret.txt got.txt\n");
    assertThat(r.out()).contains("Remote working directory: /");
    assertThat(dir.resolve("got.txt")).doesNotExist();
  }

  @Test
  void symlinksDoNotLeadOutOfTheRoot() throws Exception {
    Result r = sftp("-get escape/secret.txt got1.txt\n-get secret-link got2.txt\n"
        + "-ls escape\n");
    assertThat(dir.resolve("got1.txt")).doesNotExist();
    assertThat(dir.resolve("got2.txt")).doesNotExist();
    assertThat(r.out()).doesNotContain("authorized_keys").doesNotContain("id_ed25519");
  }

  @Test
  void paramikoSftpClient() throws Exception {
    String python = Peers.requirePython("paramiko");
    Files.writeString(root.resolve("hello.txt"), "hello from torsion\n");
    String script = String.join("\n",
        "import paramiko, os, io",
        "c = paramiko.SSHClient()",
        "c.load_host_keys('" + dir.resolve("known_hosts") + "')",
        "c.connect('127.0.0.1', " + server.port() + ", 'alice', password='s3cret',"
            + " look_for_keys=False, allow_agent=False)",
        "s = c.open_sftp()",
        "print(sorted(s.listdir('/')))",
        "print(s.open('/hello.txt').read().decode().strip())",
        "data = os.urandom(3000000)",
        "with s.open('/up.bin', 'wb') as f: f.write(data)",
        "print(s.stat('/up.bin').st_size, s.open('/up.bin').read() == data)",
        "for bad in ['/../secret.txt', '/escape/secret.txt', '/secret-link']:",
        "    try:",
        "        s.open(bad).read(); print('LEAK', bad)",
        "    except IOError as e:",
        "        print('refused')",
        "s.remove('/up.bin')",
        "print(s.normalize('../..'))",
        "c.close()", "");
    Path py = Files.writeString(dir.resolve("sftp.py"), script);
    Process p = new ProcessBuilder(python, py.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out.lines().toList()).as(out).containsExactly(
        "['escape', 'hello.txt', 'secret-link']", "hello from torsion", "3000000 True",
        "refused", "refused", "refused", "/");
  }
}
