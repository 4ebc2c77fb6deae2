package dev.torsion.internet.ssl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Protocol;
import dev.torsion.internet.task.Clock;
import dev.torsion.trial.StringTransport;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What an idle TLS connection costs in heap: connections accepted but not yet handshaking are
 * what a server holds most of (bench's idle row). The layer owns no buffers then, and a server
 * layer makes its SSLEngine only when the first bytes of a ClientHello arrive: an engine with its
 * handshake state is about 3.3 KB (2.4 KB before beginHandshake), so the bound below fails if one
 * is made early.
 */
class TlsIdleMemoryTest {
  private static final int LAYERS = 2000;

  @Test
  void anIdleServerLayerBeforeTheHandshakeHoldsNoEngine() {
    TLSOptions options = TestCerts.server().build();
    Clock clock = new Clock(); // the handshake timeout is part of the cost, as on a reactor
    // Warm up: classes, the SSL context's caches, thread-local scratch.
    connect(200, () -> TLS.wrap(new Protocol(), options, clock));
    connect(200, Protocol::new);

    long plain = bytesPerConnection(Protocol::new);
    long tls = bytesPerConnection(() -> TLS.wrap(new Protocol(), options, clock));
    long perLayer = tls - plain;

    System.out.printf("idle TLS server layer: %d bytes of heap (plain connection %d)%n", perLayer, plain);
    assertThat(perLayer).isLessThan(1024);
  }

  private static long bytesPerConnection(Supplier<Protocol> protocols) {
    long before = usedAfterGc();
    List<Protocol> kept = connect(LAYERS, protocols);
    long after = usedAfterGc();
    assertThat(kept).hasSize(LAYERS); // keeps them reachable until measured
    return (after - before) / LAYERS;
  }

  private static List<Protocol> connect(int n, Supplier<Protocol> protocols) {
    List<Protocol> kept = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Protocol p = protocols.get();
      p.makeConnection(new StringTransport());
      kept.add(p);
    }
    return kept;
  }

  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    // Several collections until the figure settles: one System.gc() may leave garbage behind.
    for (int i = 0; i < 10; i++) {
      System.gc();
      long now = memory.getHeapMemoryUsage().getUsed();
      if (now >= used && i >= 2) {
        return Math.min(now, used);
      }
      used = Math.min(used, now);
    }
    return used;
  }
}
