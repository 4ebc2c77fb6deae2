package dev.torsion.protocols.finger;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.task.Clock;
import dev.torsion.trial.IOPump;
import dev.torsion.trial.StringTransport;
import dev.torsion.trial.Trial;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class FingerTest {
  private final Clock clock = new Clock();
  private final StringTransport t = new StringTransport();

  private FingerServer server(FingerUsers users) {
    FingerServer s = new FingerServer(users, clock, 30);
    s.makeConnection(t);
    return s;
  }

  @Test
  void queriesParseAsRfc1288Says() {
    assertThat(FingerQuery.parse("")).isEqualTo(new FingerQuery("", false, null));
    assertThat(FingerQuery.parse("/W alice\r")).isEqualTo(new FingerQuery("alice", true, null));
    assertThat(FingerQuery.parse("/W")).isEqualTo(new FingerQuery("", true, null));
    assertThat(FingerQuery.parse("bob@a@b")).isEqualTo(new FingerQuery("bob", false, "a@b"));
  }

  @Test
  void aKnownUserGetsTheirAnswerAndTheConnectionCloses() {
    FingerServer s = server(FingerUsers.of(Map.of("alice", "Plan: nap\nthen more")));
    s.dataReceived("alice\r\n".getBytes(UTF_8));
    assertThat(t.valueString()).isEqualTo("Plan: nap\r\nthen more\r\n");
    assertThat(t.disconnecting).isTrue();
  }

  @Test
  void unknownUsersListingAndForwardingAreRefused() {
    FingerServer s = server(FingerUsers.of(Map.of()));
    s.dataReceived("nobody\r\n".getBytes(UTF_8));
    assertThat(t.valueString()).isEqualTo("No such user\r\n");
    StringTransport t3 = new StringTransport();
    FingerServer s3 = new FingerServer(FingerUsers.of(Map.of()), clock, 30);
    s3.makeConnection(t3);
    s3.dataReceived("alice@elsewhere.example\r\n".getBytes(UTF_8));
    assertThat(t3.valueString()).isEqualTo("Finger forwarding service denied\r\n");
    StringTransport t4 = new StringTransport();
    FingerServer s4 = new FingerServer(FingerUsers.of(Map.of()), clock, 30);
    s4.makeConnection(t4);
    s4.dataReceived("\r\n".getBytes(UTF_8));
    assertThat(t4.valueString()).isEqualTo("Finger online list denied\r\n");
  }

  @Test
  void controlCharactersAreStrippedFromAnswers() {
    FingerServer s = server(FingerUsers.of(Map.of("eve", "\u001b[2Jgotcha")));
    s.dataReceived("eve\n".getBytes(UTF_8));
    assertThat(t.valueString()).isEqualTo("[2Jgotcha\r\n");
  }

  @Test
  void anOverlongQueryAndSilenceBothClose() {
    FingerServer s = server(FingerUsers.of(Map.of()));
    s.dataReceived("x".repeat(FingerServer.MAX_QUERY + 10).getBytes(UTF_8));
    assertThat(t.disconnecting).isTrue();
    assertThat(t.value()).isEmpty();
    StringTransport quiet = new StringTransport();
    new FingerServer(FingerUsers.of(Map.of()), clock, 30).makeConnection(quiet);
    clock.advance(29);
    assertThat(quiet.disconnecting).isFalse();
    clock.advance(1);
    assertThat(quiet.disconnecting).isTrue();
  }

  @Test
  void theClientAsksAndCollectsTheAnswer() {
    FingerClient c = new FingerClient("/W alice", 1 << 20);
    IOPump pump = IOPump.connect(new FingerServer((u, v) -> Deferred.succeed(u + (v ? " (verbose)" : "")), clock, 30), c);
    pump.flush();
    assertThat(Trial.successResultOf(c.answer())).isEqualTo("alice (verbose)\r\n");
  }

  @Test
  void theClientBoundsTheAnswer() {
    FingerClient c = new FingerClient("alice", 10);
    StringTransport ct = new StringTransport();
    c.makeConnection(ct);
    c.dataReceived("0123456789abcdef".getBytes(UTF_8));
    assertThat(ct.disconnecting).isTrue();
    c.transportClosed(dev.torsion.internet.Failure.of(new dev.torsion.internet.ConnectionDone("done")));
    assertThat(Trial.successResultOf(c.answer())).isEqualTo("0123456789");
  }
}
