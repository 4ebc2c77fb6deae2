package dev.torsion.protocols.memcache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.NioTesting;
import dev.torsion.internet.endpoints.Endpoints;
import dev.torsion.internet.endpoints.TCP4ClientEndpoint;
import dev.torsion.trial.Peers;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a real memcached (Debian's), started on a free loopback port. */
final class MemCacheInteropTest {
  private Process memcached;
  private NioTesting real;
  private MemCacheProtocol cache;

  @BeforeEach
  void start() throws Exception {
    String binary = Peers.require("memcached");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    ProcessBuilder pb = new ProcessBuilder(binary, "-l", "127.0.0.1", "-p", Integer.toString(port),
        "-U", "0", "-m", "16", "-I", "1m");
    if ("root".equals(System.getProperty("user.name"))) {
      pb.command().addAll(List.of("-u", "nobody"));   // memcached refuses to run as root otherwise
    }
    memcached = pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    awaitListening(port);
    real = new NioTesting("memcache-interop", 30);
    cache = real.await(() -> Endpoints.connectProtocol(
        new TCP4ClientEndpoint(real.reactor, "127.0.0.1", port), new MemCacheProtocol(real.reactor)));
  }

  private void awaitListening(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (java.io.IOException e) {
        if (!memcached.isAlive() || System.nanoTime() > deadline) {
          throw new AssertionError("memcached did not start on port " + port, e);
        }
        memcached.waitFor(50, TimeUnit.MILLISECONDS);   // wakes early if it dies
      }
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (real != null) {
      real.close();
    }
    if (memcached != null) {
      memcached.destroy();
      if (!memcached.waitFor(10, TimeUnit.SECONDS)) {
        memcached.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void storageCommands() throws Exception {
    assertThat(real.await(() -> cache.set("k", b("hello"), 42, 0))).isTrue();
    MemCacheValue v = real.await(() -> cache.get("k"));
    assertThat(v.flags()).isEqualTo(42);
    assertThat(new String(v.value(), UTF_8)).isEqualTo("hello");
    assertThat(real.await(() -> cache.add("k", b("x"), 0, 0))).isFalse();
    assertThat(real.await(() -> cache.add("new", b("x"), 0, 0))).isTrue();
    assertThat(real.await(() -> cache.replace("absent", b("x"), 0, 0))).isFalse();
    assertThat(real.await(() -> cache.replace("k", b("mid"), 0, 0))).isTrue();
    assertThat(real.await(() -> cache.append("k", b(">")))).isTrue();
    assertThat(real.await(() -> cache.prepend("k", b("<")))).isTrue();
    assertThat(new String(real.await(() -> cache.get("k")).value(), UTF_8)).isEqualTo("<mid>");
    assertThat(real.await(() -> cache.append("absent", b(">")))).isFalse();
    assertThat(real.await(() -> cache.touch("k", 100))).isTrue();
    assertThat(real.await(() -> cache.delete("k"))).isTrue();
    assertThat(real.await(() -> cache.delete("k"))).isFalse();
    assertThat(real.await(() -> cache.get("k"))).isNull();
  }

  @Test
  void getMultipleAndCheckAndSet() throws Exception {
    real.await(() -> cache.set("a", b("1")));
    real.await(() -> cache.set("b", b("2")));
    Map<String, MemCacheValue> m = real.await(() -> cache.getMultiple(List.of("a", "b", "c")));
    assertThat(m).containsOnlyKeys("a", "b");
    MemCacheValue a = real.await(() -> cache.gets("a"));
    assertThat(a.cas()).isPositive();
    assertThat(real.await(() -> cache.checkAndSet("a", b("one"), a.cas()))).isTrue();
    assertThat(real.await(() -> cache.checkAndSet("a", b("uno"), a.cas()))).isFalse();   // EXISTS
    assertThat(new String(real.await(() -> cache.get("a")).value(), UTF_8)).isEqualTo("one");
  }

  @Test
  void arithmeticStatsVersionAndFlush() throws Exception {
    real.await(() -> cache.set("n", b("10")));
    assertThat(real.await(() -> cache.increment("n", 5))).isEqualTo(15);
    assertThat(real.await(() -> cache.decrement("n", 20))).isZero();   // memcached stops at 0
    assertThat(real.await(() -> cache.increment("none", 1))).isNull();
    assertThat(real.await(() -> cache.version())).matches("\\d+\\.\\d+.*");
    assertThat(real.await(() -> cache.stats(null))).containsKeys("pid", "curr_connections");
    assertThat(real.await(() -> cache.flushAll())).isTrue();
    assertThat(real.await(() -> cache.get("n"))).isNull();
  }

  @Test
  void aValueOverTheServersItemSizeIsAClientErrorAndTheConnectionCarriesOn() throws Exception {
    byte[] big = new byte[2 << 20];
    ExecutionException e = org.assertj.core.api.Assertions.catchThrowableOfType(
        () -> real.await(() -> cache.set("big", big)), ExecutionException.class);
    assertThat(e.getCause()).isInstanceOf(MemCacheError.class);
    assertThat(real.await(() -> cache.set("small", b("ok")))).isTrue();
  }

  @Test
  void binaryValuesSurvive() throws Exception {
    byte[] value = new byte[100_000];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) (i * 31);
    }
    value[10] = '\r';
    value[11] = '\n';
    real.await(() -> cache.set("bin", value));
    assertThat(real.await(() -> cache.get("bin")).value()).isEqualTo(value);
  }
}
