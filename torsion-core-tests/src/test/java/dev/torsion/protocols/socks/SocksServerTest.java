package dev.torsion.protocols.socks;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.cred.InMemoryUsers;
import dev.torsion.cred.Portal;
import dev.torsion.cred.Realm;
import dev.torsion.internet.ConnectionDone;
import dev.torsion.internet.ConnectionRefusedError;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.Protocol;
import dev.torsion.trial.StringTransport;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class SocksServerTest {
  /** Records each connect; the test decides when and how it completes. */
  private static final class FakeDialer implements Dialer {
    final List<String> targets = new ArrayList<>();
    final List<Deferred<Protocol>> pending = new ArrayList<>();
    final List<Factory> factories = new ArrayList<>();
    boolean cancelled;

    @Override
    public Deferred<Protocol> connect(String host, int port, Factory factory) {
      targets.add(host + ":" + port);
      factories.add(factory);
      Deferred<Protocol> d = new Deferred<>(x -> cancelled = true);
      pending.add(d);
      return d;
    }

    /** Completes the last connect with an in-memory outbound transport, which it returns. */
    StringTransport succeed() {
      StringTransport out =
          new StringTransport(new IPv4Address("TCP", "10.0.0.9", 40000), new IPv4Address("TCP", "1.2.3.4", 80));
      Protocol p = factories.get(factories.size() - 1).buildProtocol(out.getPeer());
      p.makeConnection(out);
      pending.get(pending.size() - 1).callback(p);
      return out;
    }
  }

  private final FakeDialer dialer = new FakeDialer();
  private final StringTransport client = new StringTransport();

  private SocksServer server(AllowList allow) {
    SocksServer s = new SocksServer(dialer, allow);
    s.makeConnection(client);
    return s;
  }

  private static void feedByteByByte(SocksServer s, byte[] data) {
    for (byte b : data) {
      s.dataReceived(new byte[] {b});
    }
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void socks4ConnectFedOneByteAtATimeConnectsAndRelays() {
    SocksServer s = server(AllowList.ANY);
    feedByteByByte(s, concat(bytes(4, 1, 0, 80, 1, 2, 3, 4), "user".getBytes(US_ASCII), bytes(0)));

    assertThat(dialer.targets).containsExactly("1.2.3.4:80");
    assertThat(client.producerState).isEqualTo(StringTransport.ProducerState.PAUSED);
    StringTransport out = dialer.succeed();

    assertThat(client.value()).containsExactly(0, 90, 0x9c, 0x40, 10, 0, 0, 9);
    assertThat(client.producerState).isEqualTo(StringTransport.ProducerState.PRODUCING);
    s.dataReceived("GET /".getBytes(US_ASCII));
    assertThat(out.valueString()).isEqualTo("GET /");
  }

  @Test
  void socks4aSendsTheHostNameToTheDialer() {
    SocksServer s = server(AllowList.ANY);
    s.dataReceived(concat(bytes(4, 1, 0x1f, 0x90, 0, 0, 0, 1, 0), "example.com".getBytes(US_ASCII), bytes(0)));
    assertThat(dialer.targets).containsExactly("example.com:8080");
  }

  @Test
  void socks5NoAuthConnectToADomainNameFedOneByteAtATime() {
    SocksServer s = server(AllowList.ANY);
    byte[] name = "example.com".getBytes(US_ASCII);
    feedByteByByte(s, concat(bytes(5, 2, 2, 0), bytes(5, 1, 0, 3, name.length), name, bytes(1, 187)));

    assertThat(dialer.targets).containsExactly("example.com:443");
    StringTransport out = dialer.succeed();
    assertThat(client.value())
        .containsExactly(5, 0, /* reply */ 5, 0, 0, 1, 10, 0, 0, 9, 0x9c, 0x40);
    assertThat(out.producer).isSameAs(client);
    assertThat(client.producer).isSameAs(out);
  }

  @Test
  void socks5Ipv6DestinationIsFormatted() {
    SocksServer s = server(AllowList.ANY);
    s.dataReceived(concat(bytes(5, 1, 0, 5, 1, 0, 4), bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), bytes(0, 80)));
    assertThat(dialer.targets).containsExactly("0:0:0:0:0:0:0:1:80");
  }

  @Test
  void dataSentBeforeTheConnectCompletesIsForwardedFirst() {
    SocksServer s = server(AllowList.ANY);
    s.dataReceived(concat(bytes(5, 1, 0, 5, 1, 0, 1, 127, 0, 0, 1, 0, 80), "early".getBytes(US_ASCII)));
    s.dataReceived("-more".getBytes(US_ASCII));
    StringTransport out = dialer.succeed();
    assertThat(out.valueString()).isEqualTo("early-more");
  }

  private SocksServer serverWithLogin() {
    Portal portal = new Portal(Realm.of(Object.class, id -> id), new InMemoryUsers().addUser("ann", "pw"));
    SocksServer s = new SocksServer(dialer, AllowList.ANY, portal);
    s.makeConnection(client);
    return s;
  }

  private static byte[] login(String user, String password) {
    byte[] u = user.getBytes(US_ASCII);
    byte[] p = password.getBytes(US_ASCII);
    return concat(bytes(1, u.length), u, bytes(p.length), p);
  }

  @Test
  void socks5LoginWithTheRightPasswordThenConnectsFedOneByteAtATime() {
    SocksServer s = serverWithLogin();
    feedByteByByte(s, concat(bytes(5, 2, 0, 2), login("ann", "pw"), bytes(5, 1, 0, 1, 127, 0, 0, 1, 0, 80)));
    assertThat(dialer.targets).containsExactly("127.0.0.1:80");
    dialer.succeed();
    assertThat(client.value())
        .containsExactly(5, 2, /* login */ 1, 0, /* reply */ 5, 0, 0, 1, 10, 0, 0, 9, 0x9c, 0x40);
  }

  @Test
  void socks5LoginWithAWrongPasswordIsRefusedAndClosed() {
    SocksServer s = serverWithLogin();
    s.dataReceived(concat(bytes(5, 1, 2), login("ann", "nope"), bytes(5, 1, 0, 1, 127, 0, 0, 1, 0, 80)));
    assertThat(client.value()).containsExactly(5, 2, 1, 1);
    assertThat(client.disconnecting).isTrue();
    assertThat(dialer.targets).isEmpty();
  }

  @Test
  void aProxyThatRequiresLoginRefusesNoAuthClientsAndSocks4() {
    serverWithLogin().dataReceived(bytes(5, 1, 0));
    assertThat(client.value()).containsExactly(5, 0xff);
    assertThat(client.disconnecting).isTrue();

    StringTransport v4 = new StringTransport();
    Portal portal = new Portal(Realm.of(Object.class, id -> id), new InMemoryUsers().addUser("ann", "pw"));
    SocksServer s4 = new SocksServer(dialer, AllowList.ANY, portal);
    s4.makeConnection(v4);
    s4.dataReceived(bytes(4, 1, 0, 80, 127, 0, 0, 1, 0));
    assertThat(v4.value()).startsWith(0, 91);
    assertThat(v4.disconnecting).isTrue();
    assertThat(dialer.targets).isEmpty();
  }

  @Test
  void socks5LoginWithAnotherSubnegotiationVersionIsDropped() {
    serverWithLogin().dataReceived(concat(bytes(5, 1, 2), bytes(2, 1, 'a', 1, 'b')));
    assertThat(client.value()).containsExactly(5, 2);
    assertThat(client.disconnecting || client.aborted).isTrue();
  }

  @Test
  void socks5WithoutNoAuthMethodIsRefused() {
    SocksServer s = server(AllowList.ANY);
    s.dataReceived(bytes(5, 1, 2));
    assertThat(client.value()).containsExactly(5, 0xff);
    assertThat(client.disconnecting).isTrue();
    assertThat(dialer.targets).isEmpty();
  }

  @Test
  void destinationOutsideTheAllowListIsRefusedWithRuleset() {
    SocksServer s = server(AllowList.parse("example.com:443"));
    byte[] name = "evil.example".getBytes(US_ASCII);
    s.dataReceived(concat(bytes(5, 1, 0), bytes(5, 1, 0, 3, name.length), name, bytes(1, 187)));
    assertThat(client.value()).containsExactly(5, 0, 5, 2, 0, 1, 0, 0, 0, 0, 0, 0);
    assertThat(client.disconnecting).isTrue();
    assertThat(dialer.targets).isEmpty();
  }

  @Test
  void socks4RefusalOnAllowList() {
    SocksServer s = server(AllowList.parse("127.0.0.1:22"));
    s.dataReceived(concat(bytes(4, 1, 0, 80, 127, 0, 0, 1), bytes(0)));
    assertThat(client.value()).containsExactly(0, 91, 0, 0, 0, 0, 0, 0);
    assertThat(client.disconnecting).isTrue();
  }

  @Test
  void bindCommandIsNotSupported() {
    SocksServer s = server(AllowList.ANY);
    s.dataReceived(bytes(5, 1, 0, 5, 2, 0, 1, 127, 0, 0, 1, 0, 80));
    assertThat(client.value()).containsExactly(5, 0, 5, 7, 0, 1, 0, 0, 0, 0, 0, 0);
    assertThat(client.disconnecting).isTrue();
  }

  @Test
  void refusedConnectionGetsConnectionRefusedReply() {
    SocksServer s = server(AllowList.ANY);
    s.dataReceived(bytes(5, 1, 0, 5, 1, 0, 1, 127, 0, 0, 1, 0, 80));
    dialer.pending.get(0).errback(new ConnectionRefusedError("refused"));
    assertThat(client.value()).containsExactly(5, 0, 5, 5, 0, 1, 0, 0, 0, 0, 0, 0);
    assertThat(client.disconnecting).isTrue();
  }

  @Test
  void unknownVersionIsDroppedAtOnce() {
    SocksServer s = server(AllowList.ANY);
    s.dataReceived("GET / HTTP/1.1\r\n".getBytes(US_ASCII));
    assertThat(client.aborted).isTrue();
    assertThat(client.value()).isEmpty();
  }

  @Test
  void endlessUserIdIsDroppedWithBoundedMemory() {
    SocksServer s = server(AllowList.ANY);
    s.dataReceived(bytes(4, 1, 0, 80, 1, 2, 3, 4));
    byte[] junk = new byte[100];
    java.util.Arrays.fill(junk, (byte) 'a');
    for (int i = 0; i < 20 && !client.aborted; i++) {
      s.dataReceived(junk);
    }
    assertThat(client.aborted).isTrue();
    assertThat(dialer.targets).isEmpty();
  }

  @Test
  void clientLeavingWhileConnectingCancelsTheDial() {
    SocksServer s = server(AllowList.ANY);
    s.dataReceived(bytes(5, 1, 0, 5, 1, 0, 1, 127, 0, 0, 1, 0, 80));
    s.transportClosed(Failure.of(new ConnectionDone("bye")));
    assertThat(dialer.cancelled).isTrue();
  }

  @Test
  void eitherSideClosingClosesTheOther() {
    SocksServer s = server(AllowList.ANY);
    s.dataReceived(bytes(5, 1, 0, 5, 1, 0, 1, 127, 0, 0, 1, 0, 80));
    StringTransport out = dialer.succeed();
    s.transportClosed(Failure.of(new ConnectionDone("bye")));
    assertThat(out.disconnecting).isTrue();
  }

  @Test
  void halfCloseFromTheClientTravelsToTheDestination() {
    SocksServer s = server(AllowList.ANY);
    s.dataReceived(bytes(5, 1, 0, 5, 1, 0, 1, 127, 0, 0, 1, 0, 80));
    StringTransport out = dialer.succeed();
    s.readConnectionLost();
    assertThat(out.writeConnectionLost).isTrue();
    assertThat(out.disconnecting).isFalse();
  }

  @Test
  void allowListParsesPortsWildcardsAndIpv6() {
    AllowList a = AllowList.parse("Example.com:443, 127.0.0.1:*,[::1]:8080");
    assertThat(a.allows("example.COM", 443)).isTrue();
    assertThat(a.allows("example.com", 80)).isFalse();
    assertThat(a.allows("127.0.0.1", 1)).isTrue();
    assertThat(a.allows("::1", 8080)).isTrue();
  }

  @Test
  void allowListNamesABadEntry() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AllowList.parse("example.com:http"))
        .hasMessageContaining("example.com:http");
  }
}
