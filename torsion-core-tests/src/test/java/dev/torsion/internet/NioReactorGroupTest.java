package dev.torsion.internet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class NioReactorGroupTest {
  /** An echo server that notes which thread its connection lives on, and checks it never moves. */
  static final class ThreadNotingEcho extends TcpEchoTest.Echo {
    final Set<String> threads;
    final List<String> problems;
    String home;

    ThreadNotingEcho(Set<String> threads, List<String> problems) {
      this.threads = threads;
      this.problems = problems;
    }

    @Override
    public void connectionMade() {
      home = Thread.currentThread().getName();
      threads.add(home);
      super.connectionMade();
    }

    @Override
    public void dataReceived(byte[] data) {
      if (!Thread.currentThread().getName().equals(home)) {
        problems.add("data on " + Thread.currentThread().getName() + ", connection made on " + home);
      }
      super.dataReceived(data);
    }
  }

  @Test
  void connectionsAreSpreadOverTheReactorsAndStayOnTheirThread() throws Exception {
    ReactorGroup group = new ReactorGroup(2);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    List<String> problems = new CopyOnWriteArrayList<>();
    List<Factory> made = new ArrayList<>();
    ListeningPort port = group.listenTCP(0, () -> {
      Factory f = Factory.forProtocol(() -> new ThreadNotingEcho(threads, problems));
      made.add(f);
      return f;
    }, 50, "127.0.0.1");
    assertThat(made).as("one factory per reactor").hasSize(2);
    group.start();
    try {
      NioReactor clients = new NioReactor();
      int n = 20;
      Deferred<Void> all = new Deferred<>();
      int[] left = {n};
      List<TcpEchoTest.Collector> collectors = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        TcpEchoTest.Collector c = new TcpEchoTest.Collector(("message " + i).getBytes(StandardCharsets.US_ASCII));
        collectors.add(c);
        clients.connectTCP("127.0.0.1", NioTesting.port(port), new ClientFactory(() -> c));
        c.closed.addBoth(r -> {
          if (--left[0] == 0) {
            all.callback(null);
          }
          return null;
        });
      }
      NioTesting.runUntil(clients, all, 20);
      for (int i = 0; i < n; i++) {
        assertThat(collectors.get(i).got.toString(StandardCharsets.US_ASCII)).isEqualTo("message " + i);
      }
    } finally {
      group.stop();
    }
    assertThat(threads).containsExactlyInAnyOrder("torsion-reactor-0", "torsion-reactor-1");
    assertThat(problems).isEmpty();
    for (NioReactor r : group.reactors()) {
      assertThat(r.isRunning()).isFalse();
    }
  }

  @Test
  void stoppingTheGroupEndsEveryThread() {
    ReactorGroup group = new ReactorGroup(3);
    group.start();
    group.stop();
    for (NioReactor r : group.reactors()) {
      assertThat(r.isRunning()).isFalse();
    }
    assertThat(Thread.getAllStackTraces().keySet())
        .extracting(Thread::getName)
        .noneMatch(name -> name.startsWith("torsion-reactor-"));
  }
}
