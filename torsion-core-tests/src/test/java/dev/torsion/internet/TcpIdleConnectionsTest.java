package dev.torsion.internet;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpIdleConnectionsTest {
  static final int CONNECTIONS = 4000;

  private static long heapUsed() {
    MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      best = Math.min(best, mx.getHeapMemoryUsage().getUsed());
    }
    return best;
  }

  @Test
  void idleConnectionsAreSmallEnoughForAHundredThousandInOneGigabyte() {
    NioReactor reactor = new NioReactor();
    List<Protocol> server = new ArrayList<>();
    List<Protocol> clients = new ArrayList<>();
    ListeningPort port = reactor.listenTCP(0, Factory.forProtocol(() -> {
      Protocol p = new Protocol();
      server.add(p);
      return p;
    }), CONNECTIONS, "127.0.0.1");
    // the heap is measured once running with no connections, then with all of them idle
    long[] before = {0};
    long[] after = {0};
    Deferred<Void> done = new Deferred<>();
    reactor.callWhenRunning(() -> {
      before[0] = heapUsed();
      for (int i = 0; i < CONNECTIONS; i++) {
        reactor.connectTCP("127.0.0.1", NioTesting.port(port), new ClientFactory(() -> {
          return new Protocol() {
            @Override
            public void connectionMade() {
              clients.add(this);
            }
          };
        }));
      }
    });
    done.addCallback(ignored -> {
      after[0] = heapUsed();
      return null;
    });
    // poll on a short timer until both ends of every connection exist
    LoopingCheck.until(reactor, () -> clients.size() == CONNECTIONS && server.size() == CONNECTIONS, done);
    NioTesting.runUntil(reactor, done, 120);
    // both ends of each connection live in this heap; the budget is for one end
    double perConnection = (after[0] - before[0]) / (2.0 * CONNECTIONS);
    System.out.printf("idle TCP connection: %.0f bytes of heap per end%n", perConnection);
    assertThat(perConnection).isLessThan(1024.0 * 1024 * 1024 / 100_000);
  }

  /** Checks a condition on every reactor turn via a short timer until it holds. */
  static final class LoopingCheck {
    static void until(NioReactor reactor, java.util.function.BooleanSupplier cond, Deferred<Void> d) {
      reactor.callLater(0.01, () -> {
        if (d.called()) {
          return;
        }
        if (cond.getAsBoolean()) {
          d.callback(null);
        } else {
          until(reactor, cond, d);
        }
      });
    }
  }
}
