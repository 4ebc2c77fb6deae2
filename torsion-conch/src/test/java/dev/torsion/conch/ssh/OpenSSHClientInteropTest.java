package dev.torsion.conch.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.Peers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** OpenSSH's ssh client against Torsion's server: auth, exec, exit status, each algorithm. */
class OpenSSHClientInteropTest {
  @TempDir static Path dir;
  static SSHTestServer server;
  static String ssh;
  static Path userKey;

  @BeforeAll
  static void start() throws Exception {
    ssh = Peers.require("ssh");
    String keygen = Peers.require("ssh-keygen");
    userKey = dir.resolve("id_ed25519");
    run(List.of(keygen, "-q", "-t", "ed25519", "-N", "", "-f", userKey.toString()), null);
    Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
    server = new SSHTestServer(dir, f -> { });
    Files.writeString(dir.resolve("known_hosts"), server.knownHostsLine());
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  record Result(int exit, String out, String err) {}

  static Result run(List<String> cmd, String input) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectOutput(dir.resolve("out.txt").toFile());
    pb.redirectError(dir.resolve("err.txt").toFile());
    if (input == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    Process p = pb.start();
    if (input != null) {
      p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
    }
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + cmd + "\n" + Files.readString(dir.resolve("err.txt")));
    }
    return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt")),
        Files.readString(dir.resolve("err.txt")));
  }

  /** ssh's options; the first value of an option wins, so {@code extra} comes first. */
  static List<String> sshArgs(String... extra) {
    List<String> a = new ArrayList<>(List.of(ssh, "-F", "/dev/null"));
    a.addAll(List.of(extra));
    a.addAll(List.of("-p", String.valueOf(server.port()),
        "-o", "UserKnownHostsFile=" + dir.resolve("known_hosts"),
        "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
        "-o", "ConnectTimeout=10", "-i", userKey.toString()));
    return a;
  }

  static Result sshExec(String command, String... options) throws Exception {
    List<String> a = sshArgs(options);
    a.add("alice@127.0.0.1");
    a.add(command);
    return run(a, null);
  }

  @Test
  void publicKeyLoginRunsCommandAndReturnsItsExitStatus() throws Exception {
    Result r = sshExec("echo hello; echo oops >&2; exit 3");
    assertThat(r.out()).isEqualTo("hello\n");
    assertThat(r.err()).contains("oops");
    assertThat(r.exit()).as(r.err()).isEqualTo(3);
  }

  @Test
  void passwordLoginWorks() throws Exception {
    String sshpass = Peers.require("sshpass");
    List<String> a = new ArrayList<>(List.of(sshpass, "-p", "s3cret"));
    a.addAll(sshArgs("-o", "BatchMode=no", "-o", "PubkeyAuthentication=no",
        "-o", "PreferredAuthentications=password", "-o", "NumberOfPasswordPrompts=1"));
    a.add("alice@127.0.0.1");
    a.add("echo $((6*7))");
    Result r = run(a, null);
    assertThat(r.out()).as(r.err()).isEqualTo("42\n");
    assertThat(r.exit()).isZero();
  }

  @Test
  void wrongPasswordIsRefused() throws Exception {
    String sshpass = Peers.require("sshpass");
    List<String> a = new ArrayList<>(List.of(sshpass, "-p", "wrong"));
    a.addAll(sshArgs("-o", "BatchMode=no", "-o", "PubkeyAuthentication=no",
        "-o", "PreferredAuthentications=password", "-o", "NumberOfPasswordPrompts=1"));
    a.add("alice@127.0.0.1");
    a.add("true");
    Result r = run(a, null);
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("Permission denied");
  }

  @Test
  void stdinReachesTheCommand() throws Exception {
    List<String> a = sshArgs();
    a.add("alice@127.0.0.1");
    a.add("wc -c");
    Result r = run(a, "x".repeat(100_000));
    assertThat(r.out().strip()).as(r.err()).isEqualTo("100000");
  }

  @Test
  void largeOutputArrivesWhole() throws Exception {
    Result r = sshExec("head -c 5000000 /dev/zero | tr '\\0' a");
    assertThat(r.out()).as(r.err()).hasSize(5_000_000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"curve25519-sha256", "curve25519-sha256@libssh.org",
      "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
      "diffie-hellman-group14-sha256", "diffie-hellman-group16-sha512"})
  void eachKeyExchange(String kex) throws Exception {
    Result r = sshExec("echo ok", "-o", "KexAlgorithms=" + kex);
    assertThat(r.out()).as(r.err()).isEqualTo("ok\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"chacha20-poly1305@openssh.com", "aes128-gcm@openssh.com",
      "aes256-gcm@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr"})
  void eachCipher(String cipher) throws Exception {
    Result r = sshExec("head -c 300000 /dev/zero | wc -c", "-o", "Ciphers=" + cipher,
        "-o", "MACs=hmac-sha2-256-etm@openssh.com");
    assertThat(r.out().strip()).as(r.err()).isEqualTo("300000");
  }

  @ParameterizedTest
  @ValueSource(strings = {"hmac-sha2-256", "hmac-sha2-512", "hmac-sha2-256-etm@openssh.com",
      "hmac-sha2-512-etm@openssh.com"})
  void eachMac(String mac) throws Exception {
    Result r = sshExec("head -c 300000 /dev/zero | wc -c", "-o", "Ciphers=aes128-ctr",
        "-o", "MACs=" + mac);
    assertThat(r.out().strip()).as(r.err()).isEqualTo("300000");
  }
}
