package dev.torsion.conch.tap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.cred.PasswordFileChecker;
import dev.torsion.cred.PasswordHash;
import dev.torsion.runner.TorsionProcess;
import dev.torsion.trial.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code ./torsion conch} launcher, driven by OpenSSH's ssh. */
class ConchPluginProcessTest {
  static final String LISTENING = "listening on tcp:\\S+ \\(127\\.0\\.0\\.1:(\\d+)\\)";

  @TempDir Path dir;

  @Test
  void servesAShellWithAGeneratedHostKeyAndAuthorizedKeys() throws Exception {
    String ssh = Peers.require("ssh");
    String keygen = Peers.require("ssh-keygen");
    TorsionProcess gen = TorsionProcess.exec(dir, List.of(keygen, "-q", "-t", "ed25519", "-N",
        "", "-f", dir.resolve("id").toString()));
    assertThat(gen.waitFor()).isZero();
    Path home = Files.createDirectories(dir.resolve("home/alice/.ssh"));
    Files.copy(dir.resolve("id.pub"), home.resolve("authorized_keys"));
    Path hostKey = dir.resolve("ssh_host_ed25519_key");
    try (TorsionProcess conch = TorsionProcess.start(dir, "conch", "--listen",
        "tcp:0:interface=127.0.0.1", "--host-key", hostKey.toString(),
        "--authorized-keys-home", dir.resolve("home").toString(),
        "--sftp-root", Files.createDirectories(dir.resolve("files")).toString())) {
      int port = Integer.parseInt(conch.awaitLine(LISTENING).group(1));
      assertThat(hostKey).exists();
      TorsionProcess fp = TorsionProcess.exec(dir, List.of(keygen, "-l", "-f",
          hostKey.toString()));
      assertThat(fp.waitFor()).as(fp.output()).isZero();
      Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + port + " "
          + Files.readString(dir.resolve("ssh_host_ed25519_key.pub")));
      TorsionProcess client = TorsionProcess.exec(dir, List.of(ssh, "-F", "/dev/null", "-p",
          String.valueOf(port), "-o", "UserKnownHostsFile=" + dir.resolve("known_hosts"),
          "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-i", dir.resolve("id").toString(),
          "alice@127.0.0.1", "echo from-$((40+2)); exit 9"));
      assertThat(client.waitFor()).as(client.output()).isEqualTo(9);
      assertThat(client.stdout()).containsExactly("from-42");
      conch.terminate();
      assertThat(conch.waitFor()).isZero();
    }
  }

  /** ssh with a password (through sshpass) against the conch on {@code port}. */
  TorsionProcess sshWithPassword(int port, String user, String password, String command)
      throws Exception {
    return TorsionProcess.exec(dir, List.of(Peers.require("sshpass"), "-p", password,
        Peers.require("ssh"), "-F", "/dev/null", "-p", String.valueOf(port),
        "-o", "UserKnownHostsFile=" + dir.resolve("known_hosts"),
        "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password",
        "-o", "NumberOfPasswordPrompts=1", user + "@127.0.0.1", command));
  }

  @Test
  void passwordFileUsersLogInAndTheShellOptionPicksTheProgram() throws Exception {
    // The file ./torsion passwd writes: a bcrypt line and a PBKDF2 line.
    Path users = dir.resolve("users.passwd");
    PasswordFileChecker.setPassword(users, "alice", PasswordHash.bcrypt("s3cret", 4));
    PasswordFileChecker.setPassword(users, "bob", PasswordHash.pbkdf2("hunter2", 1000));
    Path hostKey = dir.resolve("host_key");
    try (TorsionProcess conch = TorsionProcess.start(dir, "conch", "--listen",
        "tcp:0:interface=127.0.0.1", "--host-key", hostKey.toString(),
        "--password-file", users.toString(), "--shell", Peers.require("bash"))) {
      int port = Integer.parseInt(conch.awaitLine(LISTENING).group(1));
      Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + port + " "
          + Files.readString(dir.resolve("host_key.pub")));

      TorsionProcess alice = sshWithPassword(port, "alice", "s3cret", "echo bash=${BASH_VERSION:+yes}");
      assertThat(alice.waitFor()).as(alice.output()).isZero();
      assertThat(alice.stdout()).containsExactly("bash=yes");
      TorsionProcess bob = sshWithPassword(port, "bob", "hunter2", "echo $((6*7))");
      assertThat(bob.waitFor()).as(bob.output()).isZero();
      assertThat(bob.stdout()).containsExactly("42");
      TorsionProcess wrong = sshWithPassword(port, "alice", "hunter2", "true");
      assertThat(wrong.waitFor()).isNotZero();
      assertThat(wrong.output()).contains("Permission denied");
      conch.terminate();
      assertThat(conch.waitFor()).isZero();
    }
  }

  @Test
  void withoutAHostKeyOptionItSaysSoInOneLine() throws Exception {
    TorsionProcess conch = TorsionProcess.start(dir, "conch", "--user", "a=b");
    assertThat(conch.waitFor()).isEqualTo(2);
    assertThat(conch.stderr()).hasSize(1);
    assertThat(conch.stderr().get(0)).contains("--host-key is required");
  }

  @Test
  void withoutAnyUsersItRefusesToStart() throws Exception {
    TorsionProcess conch = TorsionProcess.start(dir, "conch", "--host-key",
        dir.resolve("k").toString());
    assertThat(conch.waitFor()).isEqualTo(2);
    assertThat(conch.stderr()).hasSize(1);
    assertThat(conch.stderr().get(0)).contains("nobody could log in");
  }

  @Test
  void anUnreadableHostKeyIsAStartupError() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad_key"), "not a key\n");
    TorsionProcess conch = TorsionProcess.start(dir, "conch", "--host-key", bad.toString(),
        "--user", "a=b");
    assertThat(conch.waitFor()).isEqualTo(1);
    assertThat(conch.stderr()).hasSize(1);
    assertThat(conch.stderr().get(0)).contains("bad_key");
  }
}
