package dev.torsion.words.irc;

import dev.torsion.runner.TorsionProcess;
import dev.torsion.trial.Peers;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real ngircd for client tests: its own config in a temp dir, 127.0.0.1 on a free port, in the
 * foreground ({@code -n}) so that close() stops it. As root, ngircd drops to nobody by itself.
 */
final class Ngircd implements AutoCloseable {
  final int port;
  private final TorsionProcess process;

  private Ngircd(int port, TorsionProcess process) {
    this.port = port;
    this.process = process;
  }

  static Ngircd start(Path dir) throws Exception {
    // /usr/sbin may be off a non-root PATH; the apt package is ngircd either way.
    String ngircd = Peers.find("/usr/sbin/ngircd") != null ? "/usr/sbin/ngircd" : Peers.require("ngircd");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path conf = dir.resolve("ngircd.conf");
    Files.writeString(conf, String.join("\n",
        "[Global]",
        "Name = irc.ngircd.test",
        "Info = Torsion test server",
        "AdminInfo1 = test", "AdminInfo2 = test", "AdminEMail = test@example.com",
        "Listen = 127.0.0.1",
        "Ports = " + port,
        "MotdPhrase = ngircd for Torsion",
        "[Limits]",
        "MaxNickLength = 30",
        "PingTimeout = 120",
        "PongTimeout = 20",
        "[Options]",
        "PAM = no", "Ident = no", "DNS = no",
        ""));
    dir.toFile().setReadable(true, false);
    dir.toFile().setExecutable(true, false);
    conf.toFile().setReadable(true, false);
    TorsionProcess p = TorsionProcess.exec(dir, List.of(ngircd, "-n", "-f", conf.toString()));
    Ngircd n = new Ngircd(port, p);
    try {
      p.awaitLine("Now listening on \\[127\\.0\\.0\\.1\\]:" + port);
    } catch (AssertionError | InterruptedException e) {
      n.close();
      throw e;
    }
    return n;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    process.terminate();
    process.waitFor();
  }
}
