package dev.torsion.ftp;

import dev.torsion.trial.Peers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * vsftpd started by the test as the launching user, on a free loopback port, with its config in
 * a temp dir: anonymous users may read and write under {@code root}. Stopped by close.
 */
final class Vsftpd implements AutoCloseable {
  final int port;
  final Path root;
  private final Process process;

  Vsftpd(Path dir) throws Exception {
    this(dir, null);
  }

  /** With {@code pem} (key and certificate), vsftpd also offers AUTH TLS to anonymous users. */
  Vsftpd(Path dir, Path pem) throws Exception {
    String vsftpd = Peers.require("/usr/sbin/vsftpd");
    root = Files.createDirectories(dir.resolve("vsftpd-root"));
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path conf = dir.resolve("vsftpd.conf");
    Files.writeString(conf, String.join("\n",
        "listen=YES", "listen_address=127.0.0.1", "listen_port=" + port, "background=NO",
        "run_as_launching_user=YES", "seccomp_sandbox=NO", "isolate=NO", "isolate_network=NO",
        "anonymous_enable=YES", "anon_root=" + root, "no_anon_password=YES", "local_enable=NO",
        "write_enable=YES", "anon_upload_enable=YES", "anon_mkdir_write_enable=YES",
        "anon_other_write_enable=YES", "anon_world_readable_only=NO", "anon_umask=022",
        "connect_from_port_20=NO", "pasv_enable=YES", "port_enable=YES", "xferlog_enable=NO",
        "vsftpd_log_file=" + dir.resolve("vsftpd.log"), "check_shell=NO",
        "secure_chroot_dir=" + dir, "ftpd_banner=vsftpd for torsion tests",
        pem == null ? "ssl_enable=NO" : "ssl_enable=YES\nrsa_cert_file=" + pem + "\nrsa_private_key_file="
            + pem + "\nallow_anon_ssl=YES\nforce_anon_logins_ssl=YES\nforce_anon_data_ssl=YES"
            + "\nrequire_ssl_reuse=NO\nssl_tlsv1=YES\nssl_sslv2=NO\nssl_sslv3=NO", ""));
    process = new ProcessBuilder(vsftpd, conf.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("vsftpd.out").toFile()).start();
    awaitListening(dir);
  }

  private void awaitListening(Path dir) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return;
      } catch (IOException notYet) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          close();
          throw new AssertionError("vsftpd did not start: " + Files.readString(dir.resolve("vsftpd.out")));
        }
        java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L); // poll the condition, deadline above
      }
    }
  }

  @Override
  public void close() throws Exception {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
