package dev.torsion.conch.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.conch.ssh.HostKey;
import dev.torsion.conch.ssh.PtyRequest;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.endpoints.Endpoints;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Torsion's SSH client against OpenSSH's sshd, started by the test on a free port. */
class SSHClientInteropTest {
  @TempDir static Path dir;
  static OpenSSHServer sshd;
  static ReactorThread rt;
  static HostKey identity;
  static KnownHosts known;

  @BeforeAll
  static void start() throws Exception {
    sshd = OpenSSHServer.start(dir);
    rt = new ReactorThread();
    identity = HostKey.load(dir.resolve("id_ed25519"));
    known = KnownHosts.parse(sshd.knownHosts());
  }

  @AfterAll
  static void stop() throws Exception {
    if (rt != null) {
      rt.close();
    }
    if (sshd != null) {
      sshd.close();
    }
  }

  static SSHClient client() {
    return SSHClient.as(sshd.user).identity(identity).knownHosts(known, "127.0.0.1", sshd.port);
  }

  static SSHConnection connect(SSHClient client) throws Exception {
    return rt.await(() -> client.connect(rt.reactor,
        Endpoints.clientFromString(rt.reactor, "tcp:127.0.0.1:" + sshd.port)));
  }

  static CommandResult exec(SSHConnection ssh, String command) throws Exception {
    return rt.await(() -> ssh.exec(command));
  }

  @Test
  void execReturnsOutputAndExitStatus() throws Exception {
    SSHConnection ssh = connect(client());
    CommandResult r = exec(ssh, "echo hello; echo oops >&2; exit 3");
    assertThat(r.stdoutText()).isEqualTo("hello\n");
    assertThat(r.stderrText()).isEqualTo("oops\n");
    assertThat(r.exitStatus()).isEqualTo(3);
    CommandResult killed = exec(ssh, "kill -TERM $$");
    assertThat(killed.exitSignal()).isEqualTo("TERM");
    rt.await(() -> {
      ssh.close();
      return Deferred.succeed(null);
    });
  }

  @Test
  void stdinAndLargeOutputInBothDirections() throws Exception {
    SSHConnection ssh = connect(client());
    byte[] data = new byte[3_000_000];
    new Random(3).nextBytes(data);
    CommandResult r = rt.await(() -> ssh.exec("cat", data));
    assertThat(r.stdout()).isEqualTo(data);
    CommandResult big = exec(ssh, "head -c 8000000 /dev/zero");
    assertThat(big.stdout()).hasSize(8_000_000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"curve25519-sha256", "curve25519-sha256@libssh.org",
      "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
      "diffie-hellman-group14-sha256", "diffie-hellman-group16-sha512"})
  void eachKeyExchange(String kex) throws Exception {
    SSHConnection ssh = connect(client().kexAlgorithms(List.of(kex)));
    assertThat(ssh.negotiatedAlgorithms().get(0)).isEqualTo(kex);
    assertThat(exec(ssh, "echo ok").stdoutText()).isEqualTo("ok\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"chacha20-poly1305@openssh.com", "aes128-gcm@openssh.com",
      "aes256-gcm@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr"})
  void eachCipher(String cipher) throws Exception {
    SSHConnection ssh = connect(client().ciphers(List.of(cipher)));
    assertThat(ssh.negotiatedAlgorithms().get(2)).isEqualTo(cipher);
    assertThat(exec(ssh, "head -c 300000 /dev/zero | wc -c").stdoutText().strip())
        .isEqualTo("300000");
  }

  @ParameterizedTest
  @ValueSource(strings = {"hmac-sha2-256", "hmac-sha2-512", "hmac-sha2-256-etm@openssh.com",
      "hmac-sha2-512-etm@openssh.com"})
  void eachMac(String mac) throws Exception {
    SSHConnection ssh = connect(client().ciphers(List.of("aes256-ctr")).macs(List.of(mac)));
    assertThat(ssh.negotiatedAlgorithms().get(4)).isEqualTo(mac);
    assertThat(exec(ssh, "head -c 300000 /dev/zero | wc -c").stdoutText().strip())
        .isEqualTo("300000");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ssh-ed25519", "ecdsa-sha2-nistp256", "rsa-sha2-256", "rsa-sha2-512"})
  void eachHostKeyAlgorithm(String algorithm) throws Exception {
    SSHConnection ssh = connect(client().hostKeyAlgorithms(List.of(algorithm)));
    assertThat(ssh.negotiatedAlgorithms().get(1)).isEqualTo(algorithm);
  }

  @Test
  void rekeyingByTheClientKeepsTheStreamWhole() throws Exception {
    SSHConnection ssh = connect(client().rekeyBytes(100_000));
    byte[] data = new byte[2_000_000];
    new Random(9).nextBytes(data);
    assertThat(rt.await(() -> ssh.exec("cat", data)).stdout()).isEqualTo(data);
  }

  @Test
  void anUnknownHostKeyIsRejected() {
    SSHClient c = SSHClient.as(sshd.user).identity(identity)
        .knownHosts(KnownHosts.parse(""), "127.0.0.1", sshd.port);
    assertThatThrownBy(() -> connect(c)).isInstanceOf(HostKeyRejected.class)
        .hasMessageContaining("not in known_hosts");
  }

  @Test
  void aChangedHostKeyIsRejected() {
    KnownHosts other = KnownHosts.parse("[127.0.0.1]:" + sshd.port + " "
        + HostKey.generateEd25519().publicKeyLine() + "\n");
    SSHClient c = SSHClient.as(sshd.user).identity(identity)
        .knownHosts(other, "127.0.0.1", sshd.port).hostKeyAlgorithms(List.of("ssh-ed25519"));
    assertThatThrownBy(() -> connect(c)).isInstanceOf(HostKeyRejected.class)
        .hasMessageContaining("differs");
  }

  @Test
  void aKeyTheServerDoesNotKnowFailsAuthentication() {
    SSHClient c = SSHClient.as(sshd.user).identity(HostKey.generateEd25519())
        .knownHosts(known, "127.0.0.1", sshd.port);
    assertThatThrownBy(() -> connect(c)).isInstanceOf(AuthenticationFailed.class);
  }

  static String banner(int port) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      return new BufferedReader(new InputStreamReader(s.getInputStream(),
          StandardCharsets.US_ASCII)).readLine();
    }
  }

  @Test
  void localForwardTunnelsThroughTheServer() throws Exception {
    SSHConnection ssh = connect(client());
    ListeningPort lp = rt.await(() -> Deferred.succeed(
        ssh.forwardLocal("127.0.0.1", 0, "127.0.0.1", sshd.port)));
    int port = ((IPv4Address) lp.getHost()).port();
    assertThat(banner(port)).startsWith("SSH-2.0-OpenSSH");
    rt.await(() -> lp.stopListening());
  }

  @Test
  void remoteForwardComesBackToUs() throws Exception {
    SSHConnection ssh = connect(client());
    int remote = rt.await(() -> ssh.forwardRemote("127.0.0.1", 0, "127.0.0.1", sshd.port));
    assertThat(remote).isPositive();
    // sshd listens on `remote`; each connection there is tunnelled back and on to sshd itself.
    assertThat(banner(remote)).startsWith("SSH-2.0-OpenSSH");
  }

  @Test
  void shellInAPseudoTerminal() throws Exception {
    SSHConnection ssh = connect(client());
    StringBuilder out = new StringBuilder();
    RemoteShell shell = rt.await(() -> ssh.shell(
        new PtyRequest("xterm", 100, 30, 0, 0, new byte[] {0}),
        data -> out.append(new String(data, StandardCharsets.UTF_8))));
    CommandResult r = rt.await(() -> {
      shell.write("stty size; echo A$((2+3))B; exit 4\n".getBytes(StandardCharsets.UTF_8));
      return shell.exited();
    });
    assertThat(r.exitStatus()).isEqualTo(4);
    assertThat(out.toString()).contains("30 100").contains("A5B");
  }

  @Test
  void sftpWritesReadsListsAndRemoves() throws Exception {
    SSHConnection ssh = connect(client());
    SFTPClient sftp = rt.await(ssh::sftp);
    byte[] data = new byte[5_000_000];
    new Random(5).nextBytes(data);
    String path = dir.resolve("home/up.bin").toString();
    rt.await(() -> sftp.writeFile(path, data));
    assertThat(dir.resolve("home/up.bin")).hasBinaryContent(data);
    assertThat(rt.await(() -> sftp.readFile(path))).isEqualTo(data);
    assertThat(rt.await(() -> sftp.size(path))).isEqualTo(5_000_000L);
    assertThat(rt.await(() -> sftp.list(dir.resolve("home").toString()))).contains("up.bin");
    rt.await(() -> sftp.remove(path));
    assertThat(dir.resolve("home/up.bin")).doesNotExist();
    assertThatThrownBy(() -> rt.await(() -> sftp.readFile(path)))
        .isInstanceOf(java.io.IOException.class);
  }
}
