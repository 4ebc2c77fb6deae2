package dev.torsion.conch.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.conch.ssh.SSHTestServerAccess;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.endpoints.Endpoints;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Torsion's client and server together over loopback: password login, SFTP, refusals. */
class ClientAgainstTorsionServerTest {
  @TempDir static Path dir;
  static SSHTestServerAccess server;
  static ReactorThread rt;
  static KnownHosts known;

  @BeforeAll
  static void start() throws Exception {
    Files.writeString(dir.resolve("authorized_keys"), "");
    server = SSHTestServerAccess.start(dir);
    rt = new ReactorThread();
    known = KnownHosts.parse(server.knownHostsLine());
  }

  @AfterAll
  static void stop() throws Exception {
    if (rt != null) {
      rt.close();
    }
    if (server != null) {
      server.close();
    }
  }

  SSHConnection connect(SSHClient c) throws Exception {
    return rt.await(() -> c.connect(rt.reactor,
        Endpoints.clientFromString(rt.reactor, "tcp:127.0.0.1:" + server.port())));
  }

  @Test
  void passwordLoginRunsACommand() throws Exception {
    SSHConnection ssh = connect(SSHClient.as("alice").password("s3cret")
        .knownHosts(known, "127.0.0.1", server.port()));
    CommandResult r = rt.await(() -> ssh.exec("echo $((6*7)); exit 2"));
    assertThat(r.stdoutText()).isEqualTo("42\n");
    assertThat(r.exitStatus()).isEqualTo(2);
  }

  @Test
  void aWrongPasswordFailsAuthentication() {
    assertThatThrownBy(() -> connect(SSHClient.as("alice").password("nope")
        .knownHosts(known, "127.0.0.1", server.port())))
        .isInstanceOf(AuthenticationFailed.class);
  }

  @Test
  void noCommonCipherIsADisconnect() {
    assertThatThrownBy(() -> connect(SSHClient.as("alice").password("s3cret")
        .ciphers(List.of("aes128-cbc")).knownHosts(known, "127.0.0.1", server.port())))
        .isInstanceOf(SSHDisconnected.class).hasMessageContaining("cipher");
  }

  @Test
  void aSignalRequestStopsTheProgramAndComesBackAsExitSignal() throws Exception {
    SSHConnection ssh = connect(SSHClient.as("alice").password("s3cret")
        .knownHosts(known, "127.0.0.1", server.port()));
    Deferred<Void> ready = new Deferred<>();
    RemoteShell shell = rt.await(() -> ssh.shell(null, data -> {
      if (!ready.called() && new String(data, StandardCharsets.UTF_8).contains("ready")) {
        ready.callback(null);
      }
    }));
    // RFC 4254 6.9: "signal" TERM to the shell, once it is surely running.
    CommandResult r = rt.await(() -> {
      shell.write("echo ready; exec sleep 60\n".getBytes(StandardCharsets.UTF_8));
      return ready.addDeferredCallback(x -> {
        shell.signal("TERM");
        return shell.exited();
      });
    });
    assertThat(r.exitSignal()).isEqualTo("TERM");
    assertThat(r.exitStatus()).isNull();
  }

  @Test
  void sftpAgainstTheConfinedRoot() throws Exception {
    SSHConnection ssh = connect(SSHClient.as("alice").password("s3cret")
        .knownHosts(known, "127.0.0.1", server.port()));
    SFTPClient sftp = rt.await(ssh::sftp);
    byte[] data = "through torsion both ends\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
    rt.await(() -> sftp.writeFile("/../../x.txt", data));
    assertThat(dir.resolve("sftp-root/x.txt")).hasBinaryContent(data);
    assertThat(rt.await(() -> sftp.readFile("/x.txt"))).isEqualTo(data);
    assertThat(rt.await(() -> sftp.list("/"))).contains("x.txt");
  }
}
