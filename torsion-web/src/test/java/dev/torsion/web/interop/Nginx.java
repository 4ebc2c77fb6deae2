package dev.torsion.web.interop;

import dev.torsion.trial.Peers;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/** nginx in the foreground on a free loopback port, with a config written into a temp dir. */
final class Nginx implements AutoCloseable {
  final Path root;
  final int port;
  private final Process process;
  private final Path dir;

  /**
   * Starts nginx serving {@code dir/www}; {@code serverConfig} goes inside its server block.
   * Skips the test when nginx is not installed.
   */
  Nginx(Path dir, String serverConfig) throws Exception {
    this(dir, "", "", serverConfig);
  }

  /**
   * As {@link #Nginx(Path, String)}, with {@code listenOptions} after the listen address (such as
   * {@code ssl http2}) and {@code httpConfig} in the http block (such as a log_format).
   */
  Nginx(Path dir, String listenOptions, String httpConfig, String serverConfig) throws Exception {
    String bin = Peers.require("nginx");
    this.dir = dir;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    // nginx's workers may run as another user (nobody, when started as root): let them read.
    Files.createDirectories(dir);
    for (Path p = dir; p != null && p.startsWith(dir.getParent()); p = p.getParent()) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    root = Files.createDirectories(dir.resolve("www"));
    Files.createDirectories(dir.resolve("logs"));
    Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
        "daemon off;", "worker_processes 1;", "pid " + dir.resolve("nginx.pid") + ";",
        "error_log " + dir.resolve("logs/error.log") + ";",
        "events { worker_connections 64; }",
        "http {",
        "  access_log off;",
        "  client_body_temp_path " + dir + "/body; proxy_temp_path " + dir + "/proxy;",
        "  fastcgi_temp_path " + dir + "/fcgi; uwsgi_temp_path " + dir + "/uwsgi;",
        "  scgi_temp_path " + dir + "/scgi;",
        "  types { text/plain txt; application/octet-stream bin; }",
        "  default_type text/plain;",
        httpConfig,
        "  server {",
        "    listen 127.0.0.1:" + port + " " + listenOptions + ";",
        "    root " + root + ";",
        serverConfig,
        "  }",
        "}", ""));
    process = new ProcessBuilder(bin, "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("logs/stdout.log").toFile()).start();
    waitForPort();
  }

  private void waitForPort() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          close();
          throw new AssertionError("nginx did not start: "
              + Files.readString(dir.resolve("logs/stdout.log"))
              + readIfExists(dir.resolve("logs/error.log")), e);
        }
        // nginx binds within milliseconds; poll the port (a connect attempt, not a sleep)
        process.waitFor(20, TimeUnit.MILLISECONDS);
      }
    }
  }

  /**
   * The lines of {@code log} once there are at least {@code n}: nginx writes a request's line
   * just after its last byte, so a client may have its response a moment before the line exists.
   */
  java.util.List<String> awaitLines(Path log, int n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      java.util.List<String> lines = Files.exists(log) ? Files.readAllLines(log) : java.util.List.of();
      if (lines.size() >= n || System.nanoTime() > deadline) {
        return lines;
      }
      process.waitFor(20, TimeUnit.MILLISECONDS); // nginx is alive; look again shortly
    }
  }

  private static String readIfExists(Path p) throws IOException {
    return Files.exists(p) ? Files.readString(p) : "";
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
