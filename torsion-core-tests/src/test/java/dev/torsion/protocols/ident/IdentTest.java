package dev.torsion.protocols.ident;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Deferred;
import dev.torsion.trial.IOPump;
import dev.torsion.trial.StringTransport;
import dev.torsion.trial.Trial;
import org.junit.jupiter.api.Test;

final class IdentTest {
  private static final IdentLookup LOOKUP = (serverPort, clientPort, peer) -> {
    if (serverPort == 6667) {
      return Deferred.succeed(new IdentUser("UNIX", "ircd"));
    }
    if (serverPort == 22) {
      throw new IdentError(IdentError.HIDDEN_USER);
    }
    if (serverPort == 25) {
      throw new IllegalStateException("internal detail");
    }
    return Deferred.fail(new IdentError(IdentError.NO_USER));
  };

  private final StringTransport t = new StringTransport();
  private final IdentServer server = new IdentServer(LOOKUP);

  {
    server.makeConnection(t);
  }

  private String ask(String line) {
    t.clear();
    server.dataReceived(line.getBytes(US_ASCII));
    return t.valueString();
  }

  @Test
  void answersUsersAndErrorsAsRfc1413Section6() {
    assertThat(ask("6667 , 40000\r\n")).isEqualTo("6667, 40000 : USERID : UNIX : ircd\r\n");
    assertThat(ask("80,40000\r\n")).isEqualTo("80, 40000 : ERROR : NO-USER\r\n");
    assertThat(ask("22, 40000\n")).isEqualTo("22, 40000 : ERROR : HIDDEN-USER\r\n");
    assertThat(ask("25, 40000\r\n")).isEqualTo("25, 40000 : ERROR : UNKNOWN-ERROR\r\n");
    assertThat(ask("0, 40000\r\n")).isEqualTo("0, 40000 : ERROR : INVALID-PORT\r\n");
    assertThat(ask("99999, 1\r\n")).isEqualTo("99999, 1 : ERROR : INVALID-PORT\r\n");
    assertThat(t.disconnecting).isFalse();
  }

  @Test
  void garbageAnOverlongLineAndTooManyQueriesClose() {
    ask("hello\r\n");
    assertThat(t.disconnecting).isTrue();
    StringTransport t2 = new StringTransport();
    IdentServer s2 = new IdentServer(LOOKUP);
    s2.makeConnection(t2);
    s2.dataReceived("1".repeat(2000).getBytes(US_ASCII));
    assertThat(t2.disconnecting).isTrue();
    StringTransport t3 = new StringTransport();
    IdentServer s3 = new IdentServer(LOOKUP);
    s3.makeConnection(t3);
    for (int i = 0; i < IdentServer.MAX_QUERIES; i++) {
      s3.dataReceived("80, 1\r\n".getBytes(US_ASCII));
    }
    assertThat(t3.disconnecting).isFalse();
    s3.dataReceived("80, 1\r\n".getBytes(US_ASCII));
    assertThat(t3.disconnecting).isTrue();
  }

  @Test
  void theClientGetsUsersAndErrorsInOrder() {
    IdentClient client = new IdentClient();
    IOPump pump = IOPump.connect(new IdentServer(LOOKUP), client);
    Deferred<IdentUser> a = client.lookup(6667, 1234);
    Deferred<IdentUser> b = client.lookup(80, 1234);
    pump.flush();
    assertThat(Trial.successResultOf(a)).isEqualTo(new IdentUser("UNIX", "ircd"));
    assertThat(((IdentError) Trial.failureResultOf(b, IdentError.class).value()).code()).isEqualTo("NO-USER");
  }

  @Test
  void theClientReadsACharsetAfterTheSystem() {
    IdentClient client = new IdentClient();
    StringTransport ct = new StringTransport();
    client.makeConnection(ct);
    Deferred<IdentUser> d = client.lookup(113, 5000);
    assertThat(ct.valueString()).isEqualTo("113, 5000\r\n");
    client.dataReceived("113 , 5000 : USERID : UNIX , UTF-8 : a:b\r\n".getBytes(US_ASCII));
    assertThat(Trial.successResultOf(d)).isEqualTo(new IdentUser("UNIX", "a:b"));
  }
}
