package dev.torsion.conch.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.conch.ssh.internal.ConnectionClient;
import dev.torsion.conch.ssh.internal.Algorithms;
import dev.torsion.conch.ssh.internal.KeyExchange;
import dev.torsion.conch.ssh.internal.SSHClientTransport;
import dev.torsion.cred.InMemoryUsers;
import dev.torsion.cred.Portal;
import dev.torsion.cred.Realm;
import dev.torsion.internet.Deferred;
import dev.torsion.trial.IOPump;
import dev.torsion.trial.MemoryReactor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The transport's timers: rekeying by time from either side (RFC 4253 9) and the server's
 * keepalive probes. Torsion's client and server over an in-memory pump, on a Clock the test
 * advances, so the timers fire at once and exactly when due.
 */
class TransportTimersTest {
  static final HostKey KEY = HostKey.generateEd25519();

  MemoryReactor reactor;
  SSHServerTransport server;
  SSHClientTransport client;
  Deferred<ConnectionClient> ready;
  IOPump pump;

  void connect(double serverSeconds, double clientSeconds) {
    connect(serverSeconds, clientSeconds, f -> { });
  }

  void connect(double serverSeconds, double clientSeconds,
      java.util.function.Consumer<SSHServerFactory> configure) {
    reactor = new MemoryReactor();
    Portal portal = new Portal(Realm.of(ConchUser.class, id -> new ConchUser() { }),
        new InMemoryUsers().addUser("alice", "s3cret"));
    SSHServerFactory factory = new SSHServerFactory(reactor, portal, List.of(KEY))
        .setRekeySeconds(serverSeconds);
    configure.accept(factory);
    server = (SSHServerTransport) factory.buildProtocol(null);
    ready = new Deferred<>();
    client = new SSHClientTransport(new SSHClientTransport.Config(reactor, "alice", "s3cret",
        null, blob -> Arrays.equals(blob, KEY.publicBlob()) ? null : "unknown host key",
        KeyExchange.NAMES, List.of("ssh-ed25519"), Algorithms.CIPHERS, Algorithms.MACS,
        1L << 30, clientSeconds), ready);
    pump = IOPump.connect(server, client);
    pump.flush();
  }

  @Test
  void theClientRekeysWhenItsTimeIsUp() {
    connect(7200, 600);
    assertThat(ready.called()).isTrue();
    assertThat(client.keyExchanges()).isEqualTo(1);

    reactor.advance(599);
    pump.flush();
    assertThat(client.keyExchanges()).isEqualTo(1);
    reactor.advance(1);
    pump.flush();

    assertThat(client.keyExchanges()).isEqualTo(2);
    assertThat(server.keyExchanges()).isEqualTo(2);
    reactor.advance(600);
    pump.flush();
    assertThat(server.keyExchanges()).isEqualTo(3);
    assertThat(pump.clientTransport().isDisconnecting()).isFalse();
    assertThat(pump.serverTransport().isDisconnecting()).isFalse();
  }

  @Test
  void theServerRekeysWhenItsTimeIsUp() {
    connect(300, 7200);
    assertThat(ready.called()).isTrue();

    reactor.advance(300);
    pump.flush();

    assertThat(server.keyExchanges()).isEqualTo(2);
    assertThat(client.keyExchanges()).isEqualTo(2);
    assertThat(pump.clientTransport().isDisconnecting()).isFalse();
  }

  @Test
  void aClientThatAnswersKeepalivesStays() {
    connect(7200, 7200, f -> f.setKeepAliveSeconds(30).setKeepAliveCountMax(3));
    assertThat(ready.called()).isTrue();

    for (int i = 0; i < 6; i++) {
      reactor.advance(30);
      pump.flush();
    }

    assertThat(pump.serverTransport().isDisconnecting()).isFalse();
  }

  @Test
  void aSilentClientIsDisconnectedAfterTheLastUnansweredProbe() {
    connect(7200, 7200, f -> f.setKeepAliveSeconds(30).setKeepAliveCountMax(3));
    assertThat(ready.called()).isTrue();
    pump.pauseDelivery(); // the client hears nothing and says nothing from here

    for (int i = 0; i < 3; i++) {
      reactor.advance(30);
    }
    assertThat(pump.serverTransport().isDisconnecting()).isFalse();
    reactor.advance(30);

    assertThat(pump.serverTransport().isDisconnecting()).isTrue();
  }
}
