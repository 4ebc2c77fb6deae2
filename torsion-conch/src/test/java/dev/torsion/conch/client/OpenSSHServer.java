package dev.torsion.conch.client;

import dev.torsion.trial.Peers;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * OpenSSH's sshd for a test: its own config, host keys and authorized_keys in a temp dir, on
 * 127.0.0.1 and a free port, in the foreground (-D) so the test owns the process and stops it.
 * The user is whoever runs the tests. As root, sshd insists on its privilege separation
 * directory (/run/sshd), which Debian creates only when the service starts; it is created here
 * if missing.
 */
final class OpenSSHServer implements AutoCloseable {
  final Path dir;
  final int port;
  final Process process;
  final String user = System.getProperty("user.name");

  private OpenSSHServer(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  static void keygen(String type, Path file) throws Exception {
    Process p = new ProcessBuilder(Peers.require("ssh-keygen"), "-q", "-t", type, "-N", "",
        "-f", file.toString()).inheritIO().start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("ssh-keygen -t " + type + " failed");
    }
  }

  static OpenSSHServer start(Path dir) throws Exception {
    String sshd = Peers.require("/usr/sbin/sshd");
    if ("root".equals(System.getProperty("user.name"))) {
      Files.createDirectories(Path.of("/run/sshd"));
    }
    for (String t : List.of("ed25519", "ecdsa", "rsa")) {
      keygen(t, dir.resolve("ssh_host_" + t + "_key"));
    }
    keygen("ed25519", dir.resolve("id_ed25519"));
    Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
    Path sftpHome = Files.createDirectories(dir.resolve("home"));
    Files.writeString(dir.resolve("sshd_config"), String.join("\n",
        "HostKey " + dir.resolve("ssh_host_ed25519_key"),
        "HostKey " + dir.resolve("ssh_host_ecdsa_key"),
        "HostKey " + dir.resolve("ssh_host_rsa_key"),
        "PidFile " + dir.resolve("sshd.pid"),
        "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
        "UsePAM no", "StrictModes no", "PasswordAuthentication no",
        "KbdInteractiveAuthentication no", "PermitRootLogin prohibit-password",
        "AllowTcpForwarding yes", "Subsystem sftp internal-sftp -d " + sftpHome,
        "LogLevel ERROR", ""));
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder(sshd, "-D", "-e", "-f", dir.resolve("sshd_config").toString(),
        "-o", "Port=" + port, "-o", "ListenAddress=127.0.0.1")
        .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
    OpenSSHServer server = new OpenSSHServer(dir, port, p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return server;
      } catch (ConnectException e) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          server.close();
          throw new IOException("sshd did not start: " + Files.readString(dir.resolve("sshd.log")));
        }
        Thread.onSpinWait();
      }
    }
  }

  /** known_hosts text for this server's three host keys. */
  String knownHosts() throws IOException {
    StringBuilder b = new StringBuilder();
    for (String t : List.of("ed25519", "ecdsa", "rsa")) {
      b.append("[127.0.0.1]:").append(port).append(' ')
          .append(Files.readString(dir.resolve("ssh_host_" + t + "_key.pub")));
    }
    return b.toString();
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
