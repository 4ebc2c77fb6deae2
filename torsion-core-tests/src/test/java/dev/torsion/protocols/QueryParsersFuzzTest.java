package dev.torsion.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.task.Clock;
import dev.torsion.protocols.finger.FingerQuery;
import dev.torsion.protocols.finger.FingerServer;
import dev.torsion.protocols.finger.FingerUsers;
import dev.torsion.protocols.ident.IdentClient;
import dev.torsion.protocols.ident.IdentError;
import dev.torsion.protocols.ident.IdentServer;
import dev.torsion.protocols.ident.IdentUser;
import dev.torsion.trial.StringTransport;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The finger and ident request parsers (and the ident client's reply parsing) under Jazzer:
 * nothing throws, replies stay one bounded line each, queries parse to ports in range. Seeds in
 * QueryParsersFuzzTestInputs/.
 */
class QueryParsersFuzzTest {
  @FuzzTest(maxDuration = "20s")
  void identServerAnswersOrClosesAndNeverThrows(FuzzedDataProvider data) {
    byte[] bytes = data.consumeRemainingAsBytes();
    int[] ports = IdentServer.parseQuery(new String(bytes, StandardCharsets.ISO_8859_1));
    if (ports != null) {
      assertThat(ports[0]).isBetween(0, 99999);
    }
    StringTransport t = new StringTransport();
    IdentServer s = new IdentServer((a, b, peer) -> Deferred.succeed(new IdentUser("UNIX", "u")));
    s.makeConnection(t);
    s.dataReceived(bytes);
    for (String line : t.valueString().split("\r\n")) {
      assertThat(line.length()).isLessThanOrEqualTo(IdentServer.MAX_LINE);
    }
  }

  @FuzzTest(maxDuration = "20s")
  void identClientSurvivesAnyReply(FuzzedDataProvider data) {
    IdentClient c = new IdentClient();
    c.makeConnection(new StringTransport());
    Deferred<IdentUser> d = c.lookup(6667, 4000);
    c.dataReceived(data.consumeRemainingAsBytes());
    d.addErrback(f -> {
      f.trap(IdentError.class);
      return null;
    });
  }

  @FuzzTest(maxDuration = "20s")
  void fingerQueriesNeverThrow(FuzzedDataProvider data) {
    byte[] bytes = data.consumeRemainingAsBytes();
    FingerQuery q = FingerQuery.parse(bytes);
    assertThat(q.user()).doesNotContain("@");
    StringTransport t = new StringTransport();
    FingerServer s = new FingerServer(FingerUsers.of(Map.of("alice", "plan")), new Clock(), 30);
    s.makeConnection(t);
    s.dataReceived(bytes);
  }
}
