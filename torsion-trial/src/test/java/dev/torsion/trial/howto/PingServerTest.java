package dev.torsion.trial.howto;

import static dev.torsion.trial.Trial.assertNoResult;
import static dev.torsion.trial.Trial.successResultOf;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.ConnectionDone;
import dev.torsion.internet.task.Clock;
import dev.torsion.trial.IOPump;
import dev.torsion.trial.StringTransport;
import org.junit.jupiter.api.Test;

/** The examples of docs/howto/testing.md, compiled and run. */
class PingServerTest {
  private final Clock clock = new Clock();
  private final PingServer server = new PingServer(clock, 30);
  private final StringTransport transport = new StringTransport();

  @Test
  void answersPingEvenWhenTheLineArrivesInPieces() {
    server.makeConnection(transport);

    server.dataReceived("PI".getBytes(UTF_8));
    assertThat(transport.value()).isEmpty();
    server.dataReceived("NG\r\n".getBytes(UTF_8));

    assertThat(transport.valueString()).isEqualTo("PONG\r\n");
  }

  @Test
  void rejectsUnknownCommands() {
    server.makeConnection(transport);

    server.dataReceived("PONG\r\n".getBytes(UTF_8));

    assertThat(transport.valueString()).isEqualTo("ERR unknown command: PONG\r\n");
  }

  @Test
  void stepByStepOverThePump() {
    PingClient client = new PingClient();
    IOPump pump = IOPump.connect(server, client, false);   // connected, nothing delivered yet

    pump.pump();                                           // PING reaches the server...
    assertNoResult(client.reply);
    pump.pump();                                           // ...and PONG the client
    assertThat(successResultOf(client.reply)).isEqualTo("PONG");
    pump.flush();
    assertThat(successResultOf(client.closed)).isInstanceOf(ConnectionDone.class);
  }

  @Test
  void hangsUpOnAnIdleClient() {
    server.makeConnection(transport);

    clock.advance(29.9);
    assertThat(transport.disconnecting).isFalse();
    clock.advance(0.1);

    assertThat(transport.disconnecting).isTrue();
  }

  @Test
  void eachLineRestartsTheIdleTimer() {
    server.makeConnection(transport);

    clock.advance(20);
    server.dataReceived("PING\r\n".getBytes(UTF_8));
    clock.advance(20);

    assertThat(transport.disconnecting).isFalse();
  }

  @Test
  void clientAndServerTalkOverTheInMemoryPump() {
    PingClient client = new PingClient();

    IOPump.connect(server, client);   // connects both, then pumps until all is quiet

    assertThat(successResultOf(client.reply)).isEqualTo("PONG");
    assertThat(successResultOf(client.closed)).isInstanceOf(ConnectionDone.class);
    assertThat(clock.getDelayedCalls()).isEmpty();  // the server cancelled its idle timer
  }
}
