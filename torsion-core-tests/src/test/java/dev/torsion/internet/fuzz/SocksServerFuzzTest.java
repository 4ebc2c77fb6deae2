package dev.torsion.internet.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.cred.InMemoryUsers;
import dev.torsion.cred.Portal;
import dev.torsion.cred.Realm;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Protocol;
import dev.torsion.protocols.socks.AllowList;
import dev.torsion.protocols.socks.Dialer;
import dev.torsion.protocols.socks.SocksServer;
import dev.torsion.trial.StringTransport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The SOCKS server's request parsing (SOCKS4, 4a and 5, and the RFC 1929 login before a SOCKS5
 * request) under Jazzer. Nothing escapes dataReceived; it asks the dialer for at most one
 * destination, with a host of at most 255 bytes and a port in range, and only once a whole
 * request came; what it answers is a few bytes; and it answers, dials and hangs up the same
 * whether the bytes come whole or cut anywhere. Seeds in SocksServerFuzzTestInputs/.
 */
class SocksServerFuzzTest {
  /** What the server did: what it wrote, whom it dialed, whether it hung up. */
  private record Outcome(String written, List<String> dialed, boolean closed) {}

  private static Outcome run(List<byte[]> pieces, boolean login) {
    List<String> dialed = new ArrayList<>();
    Dialer dialer = (host, port, factory) -> {
      assertThat(host.length()).isLessThanOrEqualTo(255);
      assertThat(port).isBetween(0, 65535);
      dialed.add(host + ":" + port);
      return new Deferred<Protocol>(); // the destination never answers: the parse is what counts
    };
    SocksServer server = login
        ? new SocksServer(dialer, AllowList.ANY,
            new Portal(Realm.of(Object.class, id -> id), new InMemoryUsers().addUser("ann", "pw")))
        : new SocksServer(dialer, AllowList.ANY);
    StringTransport client = new StringTransport();
    server.makeConnection(client);
    for (byte[] p : pieces) {
      if (client.disconnecting) {
        break;
      }
      server.dataReceived(p);
    }
    assertThat(dialed).hasSizeLessThanOrEqualTo(1);
    // Replies: a method choice (2), a login status (2), and one reply (at most 10 for v4/v5).
    assertThat(client.value().length).isLessThanOrEqualTo(14);
    return new Outcome(Arrays.toString(client.value()), dialed, client.disconnecting);
  }

  private static void splitAnywhereEqualsWhole(FuzzedDataProvider data, boolean login) {
    List<byte[]> pieces = Splits.pieces(data, 4);
    Outcome whole = run(List.of(Splits.whole(pieces)), login);
    Outcome split = run(pieces, login);
    assertThat(split).isEqualTo(whole);
  }

  @FuzzTest(maxDuration = "20s")
  void requests(FuzzedDataProvider data) {
    splitAnywhereEqualsWhole(data, false);
  }

  @FuzzTest(maxDuration = "20s")
  void loginThenRequest(FuzzedDataProvider data) {
    splitAnywhereEqualsWhole(data, true);
  }
}
