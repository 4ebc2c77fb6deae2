package dev.torsion.internet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.application.StreamServerEndpointService;
import dev.torsion.application.Strports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ReactorGroup used through its Reactor view, as endpoints, services and the runner use it. */
final class ReactorGroupViewTest {
  private final ReactorGroup group = new ReactorGroup(2);
  private final Reactor reactor = group.asListeningReactor();
  private final Set<String> threads = ConcurrentHashMap.newKeySet();
  private final List<String> problems = new CopyOnWriteArrayList<>();

  @TempDir Path dir;

  @AfterEach
  void stopTheGroup() {
    group.stop(); // joins every reactor thread
    assertThat(Thread.getAllStackTraces().keySet())
        .extracting(Thread::getName)
        .noneMatch(name -> name.startsWith("torsion-reactor-"));
  }

  /**
   * Notes its connection's thread, then checks that a timer and a deferToThread made through the
   * view come back on that same thread; answers with the thread's name and closes.
   */
  private final class ThreadProbe extends Protocol {
    @Override
    public void connectionMade() {
      String home = Thread.currentThread().getName();
      threads.add(home);
      reactor.callLater(0, () -> {
        check("timer", home);
        Threads.deferToThread(reactor, () -> Thread.currentThread().getName())
            .addCallback(poolThread -> {
              check("deferToThread result", home);
              transport.write((home + "\n").getBytes(StandardCharsets.US_ASCII));
              transport.loseConnection();
              return null;
            });
      });
    }

    private void check(String what, String home) {
      String now = Thread.currentThread().getName();
      if (!now.equals(home)) {
        problems.add(what + " ran on " + now + " for a connection on " + home);
      }
    }
  }

  private StreamServerEndpointService startService(String description, Factory factory) {
    StreamServerEndpointService service = Strports.service(description, factory, reactor);
    group.start();
    // Services start on the acceptor's thread, as the runner starts them.
    Threads.blockingCallFromThread(reactor, service::startService);
    return service;
  }

  private static int port(StreamServerEndpointService service) {
    return ((IPv4Address) service.getPort().getHost()).port();
  }

  @Test
  void connectionsThroughAStrportsServiceLandOnBothReactorsAndTimeOnTheirOwn() throws Exception {
    StreamServerEndpointService service =
        startService("tcp:0:interface=127.0.0.1", Factory.forProtocol(ThreadProbe::new));

    List<String> answers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port(service)), 10_000);
        s.setSoTimeout(10_000);
        answers.add(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine());
      }
    }

    assertThat(answers).containsOnly("torsion-reactor-0", "torsion-reactor-1");
    assertThat(threads).containsExactlyInAnyOrder("torsion-reactor-0", "torsion-reactor-1");
    assertThat(problems).isEmpty();
  }

  @Test
  void stoppingTheServiceWaitsForConnectionsOnEveryReactorAndFiresOnTheStoppingThread()
      throws Exception {
    StreamServerEndpointService service =
        startService("tcp:0:interface=127.0.0.1", Factory.forProtocol(TcpEchoTest.Echo::new));
    List<Socket> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        Socket s = new Socket();
        clients.add(s);
        s.connect(new InetSocketAddress("127.0.0.1", port(service)), 10_000);
        s.setSoTimeout(10_000);
        s.getOutputStream().write('x');
        assertThat(s.getInputStream().read()).as("echoed").isEqualTo('x');
      }
      CountDownLatch stopped = new CountDownLatch(1);
      AtomicReference<String> firedOn = new AtomicReference<>();
      // Close the port first (waiting for it), so stopService goes straight to the drain wait.
      Threads.blockingCallFromThread(reactor, service::stopListening);
      Threads.blockingCallFromThread(reactor, () -> {
        service.stopService().addBoth(r -> {
          firedOn.set(Thread.currentThread().getName());
          stopped.countDown();
          return null;
        });
        return null;
      });
      assertThat(stopped.getCount()).as("fired while connections were open").isEqualTo(1);
      assertThat(service.connectionCount()).isEqualTo(4);

      for (Socket s : clients) {
        s.close();
      }

      assertThat(stopped.await(10, TimeUnit.SECONDS)).as("the stop Deferred fired").isTrue();
      assertThat(firedOn.get()).isEqualTo("torsion-reactor-0");
    } finally {
      for (Socket s : clients) {
        s.close();
      }
    }
  }

  @Test
  void unixEndpointsSpreadTheirConnectionsToo() throws Exception {
    Path socket = dir.resolve("probe.sock");
    startService("unix:" + socket + ":lockfile=0", Factory.forProtocol(ThreadProbe::new));

    List<String> answers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        ch.connect(UnixDomainSocketAddress.of(socket));
        ByteBuffer buf = ByteBuffer.allocate(100);
        while (ch.read(buf) >= 0) {
          // until the server closes
        }
        answers.add(new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim());
      }
    }

    assertThat(answers).containsOnly("torsion-reactor-0", "torsion-reactor-1");
    assertThat(threads).hasSize(2);
    assertThat(problems).isEmpty();
  }

  @Test
  void setupCodeAndOtherThreadsGetTheAcceptor() throws IOException {
    assertThat(ReactorGroup.pinned(reactor)).isSameAs(group.acceptor());
    NioReactor plain = new NioReactor();
    assertThat(ReactorGroup.pinned(plain)).isSameAs(plain);
    plain.close();
  }
}
