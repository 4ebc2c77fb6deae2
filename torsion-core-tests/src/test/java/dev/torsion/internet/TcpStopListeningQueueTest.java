package dev.torsion.internet;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.endpoints.Endpoints;
import dev.torsion.trial.ReactorThread;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Connections that completed their handshake but still wait in the kernel's accept queue when a
 * port stops listening are accepted and served, not reset by the close (with reusePort, the other
 * processes on the port never see them, so a reset would be a lost request).
 */
class TcpStopListeningQueueTest {
  /** Greets and closes. */
  static final class Hello extends Protocol {
    @Override
    public void connectionMade() {
      transport.write("hello\n".getBytes(US_ASCII));
      transport.loseConnection();
    }
  }

  @Test
  void connectionsQueuedWhenListeningStopsAreServed() throws Exception {
    for (String description : List.of("tcp:0:interface=127.0.0.1",
        "tcp:0:interface=127.0.0.1:reusePort=true")) {
      try (ReactorThread real = new ReactorThread()) {
        ListeningPort port = real.call(() -> Endpoints.serverFromString(real.reactor(), description)
            .listen(Factory.forProtocol(Hello::new)));
        int number = ((IPv4Address) port.getHost()).port();
        // On the reactor thread, so that it cannot accept in between: the kernel completes each
        // handshake and queues the connection; then, in the same turn, listening stops.
        List<Socket> queued = real.call(() -> {
          List<Socket> sockets = new ArrayList<>();
          try {
            for (int i = 0; i < 5; i++) {
              Socket s = new Socket();
              s.connect(new InetSocketAddress("127.0.0.1", number), 5_000);
              s.setSoTimeout(20_000);
              sockets.add(s);
            }
          } catch (java.io.IOException e) {
            return Deferred.fail(e);
          }
          return port.stopListening().addCallback(ignored -> sockets);
        });
        for (Socket s : queued) {
          try (s) {
            // Without accepting them first, each read here fails with "Connection reset".
            assertThat(new String(s.getInputStream().readAllBytes(), US_ASCII))
                .as(description).isEqualTo("hello\n");
          }
        }
      }
    }
  }
}
