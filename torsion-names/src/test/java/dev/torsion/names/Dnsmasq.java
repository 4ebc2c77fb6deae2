package dev.torsion.names;

import dev.torsion.trial.Peers;
import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A dnsmasq (package dnsmasq-base) started by a test, unprivileged, on a free port of 127.0.0.1,
 * with only the options it is given: no /etc/dnsmasq.conf, no resolv.conf, no hosts file.
 */
public final class Dnsmasq implements AutoCloseable {
  /** Each of big.test's seven TXT strings: together more than a 1232-octet EDNS answer holds. */
  public static final String LONG = "a".repeat(200);

  private final Process process;
  private final int port;
  private final Path log;

  private Dnsmasq(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** The dnsmasq binary, or skip (fail under TORSION_REQUIRE_PEERS=1). */
  public static String binary() {
    String path = Peers.find("dnsmasq");
    if (path == null) {
      path = Peers.find("/usr/sbin/dnsmasq");
    }
    return path != null ? path : Peers.require("dnsmasq");
  }

  /**
   * dnsmasq as the authoritative server for zone "test" (and 127.0.0.0/24's reverse zone), with
   * one record of each type the tests ask for and AXFR allowed from 127.0.0.1.
   */
  public static Dnsmasq startTestZone(Path dir) throws Exception {
    return start(dir, "--auth-server=ns1.test,127.0.0.1",
        "--auth-zone=test,127.0.0.0/24,::1/128", "--auth-peer=127.0.0.1",
        "--auth-soa=2026,hostmaster.test,1200,120,7200",
        "--host-record=web.test,127.0.0.1,::1", "--cname=www.test,web.test",
        "--mx-host=test,mail.test,10", "--txt-record=test,v=spf1 -all",
        "--txt-record=big.test," + String.join(",", java.util.Collections.nCopies(7, LONG)),
        "--srv-host=_http._tcp.test,web.test,8080,1,2",
        "--ptr-record=1.0.0.127.in-addr.arpa,web.test", "--log-queries=extra");
  }

  /** Starts dnsmasq with {@code options}; returns once it answers a query. */
  public static Dnsmasq start(Path dir, String... options) throws Exception {
    String binary = binary();
    for (int attempt = 0; ; attempt++) {
      int port = freePort();
      Path log = dir.resolve("dnsmasq-" + port + ".log");
      List<String> cmd = new ArrayList<>(List.of(binary, "--no-daemon", "--port=" + port,
          "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
          "--conf-file=/dev/null", "--pid-file=", "--log-facility=-"));
      if ("root".equals(System.getProperty("user.name"))) {
        cmd.add("--user=root"); // no drop to "nobody", which could not read files in dir
      }
      cmd.addAll(List.of(options));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(log.toFile()).redirectInput(new File("/dev/null")).start();
      Dnsmasq d = new Dnsmasq(p, port, log);
      if (d.awaitReady()) {
        return d;
      }
      d.close();
      if (attempt >= 3) {
        throw new AssertionError("dnsmasq did not start: " + d.log());
      }
    }
  }

  public int port() {
    return port;
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Waits, 10 s at most, until dnsmasq answers a query over UDP; false if it exited. */
  private boolean awaitReady() throws IOException {
    byte[] q = Message.query(1, new Query("ready.invalid", RRType.A)).toBytes();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      s.setSoTimeout(200);
      while (System.nanoTime() < deadline && process.isAlive()) {
        s.send(new DatagramPacket(q, q.length, address()));
        try {
          s.receive(new DatagramPacket(new byte[512], 512));
          return true;
        } catch (SocketTimeoutException | java.net.PortUnreachableException e) {
          // not listening yet
        }
      }
    }
    return false;
  }

  /** A port free for both TCP and UDP on 127.0.0.1 just now. */
  private static int freePort() throws IOException {
    for (int i = 0; ; i++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = tcp.getLocalPort();
        try (DatagramSocket udp = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
          return port;
        } catch (IOException taken) {
          if (i > 20) {
            throw taken;
          }
        }
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
