package dev.torsion.internet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpManyClientsTest {
  static final int CLIENTS = 1000;
  static final int BYTES_EACH = 1024 * 1024;
  static final int CHUNK = 16 * 1024;

  /** Streams its pattern with a pull producer, half-closes, and checks every byte echoed back. */
  static final class Client extends Protocol implements PullProducer {
    final int id;
    final List<String> problems;
    final int[] finished;
    final Deferred<Void> allDone;
    long sent;
    long received;
    long mismatches;

    Client(int id, List<String> problems, int[] finished, Deferred<Void> allDone) {
      this.id = id;
      this.problems = problems;
      this.finished = finished;
      this.allDone = allDone;
    }

    @Override
    public void connectionMade() {
      transport.registerProducer(this, false);
    }

    @Override
    public void resumeProducing() {
      byte[] chunk = new byte[(int) Math.min(CHUNK, BYTES_EACH - sent)];
      for (int i = 0; i < chunk.length; i++) {
        chunk[i] = NioTesting.pattern(id, sent + i);
      }
      sent += chunk.length;
      transport.write(chunk);
      if (sent == BYTES_EACH) {
        transport.unregisterProducer();
        transport.loseWriteConnection();
      }
    }

    @Override
    public void stopProducing() {}

    @Override
    public void dataReceived(byte[] data) {
      for (int i = 0; i < data.length; i++) {
        if (data[i] != NioTesting.pattern(id, received + i)) {
          mismatches++;
        }
      }
      received += data.length;
    }

    @Override
    public void connectionLost(Failure reason) {
      if (received != BYTES_EACH || mismatches != 0 || reason.check(ConnectionDone.class) == null) {
        problems.add("client " + id + ": received " + received + ", mismatches " + mismatches
            + ", reason " + reason.getErrorMessage());
      }
      if (++finished[0] == CLIENTS) {
        allDone.callback(null);
      }
    }
  }

  @Test
  void aThousandConcurrentClientsEachEchoOneMegabyteByteForByte() throws Exception {
    try (NioTesting server = new NioTesting()) {
      int port = server.call(() -> NioTesting.port(server.reactor.listenTCP(
          0, Factory.forProtocol(TcpEchoTest.Echo::new), CLIENTS, "127.0.0.1")));
      NioReactor clients = new NioReactor();
      List<String> problems = new ArrayList<>();
      int[] finished = {0};
      Deferred<Void> allDone = new Deferred<>();
      for (int i = 0; i < CLIENTS; i++) {
        int id = i;
        clients.connectTCP("127.0.0.1", port, new ClientFactory(() -> new Client(id, problems, finished, allDone)) {
          @Override
          public void clientConnectionFailed(Connector connector, Failure reason) {
            problems.add("client " + id + " could not connect: " + reason.getErrorMessage());
            if (++finished[0] == CLIENTS) {
              allDone.callback(null);
            }
          }
        });
      }
      NioTesting.runUntil(clients, allDone, 240);
      assertThat(problems).isEmpty();
      assertThat(finished[0]).isEqualTo(CLIENTS);
      assertThat(server.call(() -> server.reactor.openConnections())).isEmpty();
    }
  }
}
