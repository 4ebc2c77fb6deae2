package dev.torsion.internet.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.internet.Factory;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.IPv6Address;
import dev.torsion.internet.Protocol;
import dev.torsion.trial.MemoryReactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointsParsingTest {
  private final MemoryReactor reactor = new MemoryReactor();
  private final Factory factory = Factory.forProtocol(Protocol::new);

  @Test
  void tcpServerWithPositionalPortAndOptions() {
    Endpoints.serverFromString(reactor, "tcp:8080:interface=127.0.0.1:backlog=7").listen(factory);
    MemoryReactor.TcpServer call = reactor.tcpServers.get(0);
    assertThat(call.port()).isEqualTo(8080);
    assertThat(call.iface()).isEqualTo("127.0.0.1");
    assertThat(call.backlog()).isEqualTo(7);
    assertThat(call.factory()).isSameAs(factory);
  }

  @Test
  void tcpServerWithKeywordPortAndDefaults() {
    ServerEndpoint e = Endpoints.serverFromString(reactor, "tcp:port=8080");
    assertThat(e).isInstanceOf(TCP4ServerEndpoint.class);
    TCP4ServerEndpoint tcp = (TCP4ServerEndpoint) e;
    assertThat(tcp.getPort()).isEqualTo(8080);
    // The kernel's cap (somaxconn), not Twisted's 50, which a burst of clients overflows.
    assertThat(tcp.getBacklog()).isEqualTo(dev.torsion.internet.internal.Backlog.DEFAULT)
        .isGreaterThanOrEqualTo(128);
    assertThat(tcp.getInterface()).isEmpty();
  }

  @Test
  void typeIsMatchedIgnoringCase() {
    assertThat(Endpoints.serverFromString(reactor, "TCP:80")).isInstanceOf(TCP4ServerEndpoint.class);
  }

  @Test
  void tcp6ServerListensOnTheGivenV6Interface() {
    Endpoints.serverFromString(reactor, "tcp6:8080:interface=\\:\\:1").listen(factory);
    assertThat(reactor.tcpServers.get(0).iface()).isEqualTo("::1");
  }

  @Test
  void listenFiresWithThePort() {
    Object[] port = new Object[1];
    Endpoints.serverFromString(reactor, "tcp:0").listen(factory).addCallback(p -> port[0] = p);
    assertThat(port[0]).isSameAs(reactor.tcpServers.get(0).listeningPort());
  }

  @Test
  void unixServerWithOctalModeAndLockfile() {
    Endpoints.serverFromString(reactor, "unix:/tmp/s.sock:mode=600:lockfile=0").listen(factory);
    MemoryReactor.UnixServer call = reactor.unixServers.get(0);
    assertThat(call.path()).isEqualTo("/tmp/s.sock");
    assertThat(call.mode()).isEqualTo(0600);
    assertThat(call.wantPID()).isFalse();
    assertThat(call.backlog()).isEqualTo(dev.torsion.internet.internal.Backlog.DEFAULT);
  }

  @Test
  void unixServerDefaultsAsTwisted() {
    UNIXServerEndpoint e =
        (UNIXServerEndpoint) Endpoints.serverFromString(reactor, "unix:address=/tmp/s.sock");
    assertThat(e.getAddress()).isEqualTo("/tmp/s.sock");
    assertThat(e.getMode()).isEqualTo(0666);
    assertThat(e.getWantPID()).isTrue();
  }

  @Test
  void backslashEscapesColonsEqualsAndItself() {
    UNIXServerEndpoint e =
        (UNIXServerEndpoint) Endpoints.serverFromString(reactor, "unix:/tmp/a\\:b\\=c\\\\d");
    assertThat(e.getAddress()).isEqualTo("/tmp/a:b=c\\d");
  }

  @Test
  void anEqualsSignAfterTheFirstBelongsToTheValue() {
    UNIXServerEndpoint e =
        (UNIXServerEndpoint) Endpoints.serverFromString(reactor, "unix:address=/tmp/x=y");
    assertThat(e.getAddress()).isEqualTo("/tmp/x=y");
  }

  @Test
  void quoteStringArgumentRoundTrips() {
    String path = "C:\\dir\\a=b:c";
    UNIXServerEndpoint e =
        (UNIXServerEndpoint)
            Endpoints.serverFromString(reactor, "unix:" + Endpoints.quoteStringArgument(path));
    assertThat(e.getAddress()).isEqualTo(path);
  }

  @Test
  void tcpClientWithKeywords() {
    Endpoints.clientFromString(
            reactor, "tcp:host=example.com:port=80:timeout=30:bindAddress=127.0.0.1")
        .connect(factory);
    MemoryReactor.TcpClient call = reactor.tcpClients.get(0);
    assertThat(call.host()).isEqualTo("example.com");
    assertThat(call.port()).isEqualTo(80);
    assertThat(call.timeoutSeconds()).isEqualTo(30.0);
    assertThat(call.bindAddress()).isEqualTo(new IPv4Address("TCP", "127.0.0.1", 0));
  }

  @Test
  void tcpClientWithPositionalHostAndPort() {
    TCP4ClientEndpoint e = (TCP4ClientEndpoint) Endpoints.clientFromString(reactor, "tcp:example.com:80");
    assertThat(e.getHost()).isEqualTo("example.com");
    assertThat(e.getPort()).isEqualTo(80);
    assertThat(e.getTimeout()).isEqualTo(30.0);
    assertThat(e.getBindAddress()).isNull();
  }

  @Test
  void tcpClientLonePositionalIsThePortWhenHostIsAKeyword() {
    TCP4ClientEndpoint e = (TCP4ClientEndpoint) Endpoints.clientFromString(reactor, "tcp:host=example.com:80");
    assertThat(e.getHost()).isEqualTo("example.com");
    assertThat(e.getPort()).isEqualTo(80);
    TCP4ClientEndpoint f = (TCP4ClientEndpoint) Endpoints.clientFromString(reactor, "tcp:example.com:port=80");
    assertThat(f.getHost()).isEqualTo("example.com");
    assertThat(f.getPort()).isEqualTo(80);
  }

  @Test
  void tcpClientBindsAnIpv6Address() {
    TCP4ClientEndpoint e =
        (TCP4ClientEndpoint) Endpoints.clientFromString(reactor, "tcp:\\:\\:1:80:bindAddress=\\:\\:1");
    assertThat(e.getHost()).isEqualTo("::1");
    assertThat(e.getBindAddress()).isEqualTo(new IPv6Address("TCP", "::1", 0));
  }

  @Test
  void unixClientWithPathTimeoutAndCheckPid() {
    Endpoints.clientFromString(reactor, "unix:path=/tmp/s.sock:timeout=5:checkPID=1").connect(factory);
    MemoryReactor.UnixClient call = reactor.unixClients.get(0);
    assertThat(call.path()).isEqualTo("/tmp/s.sock");
    assertThat(call.timeoutSeconds()).isEqualTo(5.0);
    assertThat(call.checkPID()).isTrue();
  }

  @Test
  void unixClientAcceptsLockfileAsCheckPid() {
    UNIXClientEndpoint e = (UNIXClientEndpoint) Endpoints.clientFromString(reactor, "unix:/tmp/s:lockfile=1");
    assertThat(e.getPath()).isEqualTo("/tmp/s");
    assertThat(e.getCheckPID()).isTrue();
    assertThat(e.getTimeout()).isEqualTo(30.0);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "tpc:80                        | unknown endpoint type 'tpc' in 'tpc:80'",
        "tcp:x                         | bad port 'x' in 'tcp:x'",
        "tcp:70000                     | bad port '70000' in 'tcp:70000'",
        "tcp:80:bogus=1                | unknown option 'bogus' for tcp in 'tcp:80:bogus=1'",
        "tcp                           | missing port for tcp in 'tcp'",
        "tcp:80:backlog=many           | bad backlog 'many' in 'tcp:80:backlog=many'",
        "tcp:80:port=81                | option 'port' given twice for tcp",
        "tcp:80:interface=a:interface=b | option 'interface' given twice in",
        "tcp:80:1.2.3.4:5:true:7       | unexpected argument '7' for tcp",
        "tcp:80:1.2.3.4:5:6            | bad reusePort '6'",
        ":80                           | missing endpoint type in ':80'",
        "unix:/tmp/s:mode=999          | bad mode '999'",
        "unix:mode=600                 | missing address for unix",
        "tcp:80\\                      | trailing backslash in 'tcp:80\\'",
      })
  void badServerDescriptionsNameTheBadPart(String description, String message) {
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, description))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "tcp:example.com              | missing port for tcp in 'tcp:example.com'",
        "tcp:port=80                  | missing host for tcp",
        "tcp:example.com:0            | bad port '0'",
        "tcp:example.com:80:timeout=-1 | bad timeout '-1'",
        "tcp:a:80:extra               | unexpected argument 'extra' for tcp",
        "unix:                        | missing path for unix",
        "unix:/a:/b                   | unexpected argument '/b' for unix",
        "udp:1.2.3.4:53               | unknown endpoint type 'udp'",
      })
  void badClientDescriptionsNameTheBadPart(String description, String message) {
    assertThatThrownBy(() -> Endpoints.clientFromString(reactor, description))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void anEmptyDescriptionIsRefused() {
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("empty endpoint description");
  }

  @Test
  void parsersFoundThroughServiceLoaderHandleNewTypes() {
    // ToyServerParser is listed in this module's test META-INF/services.
    ServerEndpoint e = Endpoints.serverFromString(reactor, "toy:4242");
    e.listen(factory);
    assertThat(reactor.tcpServers.get(0).port()).isEqualTo(4242);
    assertThat(reactor.tcpServers.get(0).iface()).isEqualTo("127.0.0.1");
  }

  @Test
  void errorsFromPluginParsersGetTheDescriptionToo() {
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "toy:nope"))
        .hasMessage("bad port 'nope' in 'toy:nope'");
  }
}
