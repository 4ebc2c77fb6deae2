package dev.torsion.internet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketTest {
  @TempDir Path dir;

  @Test
  void echoOverAUnixSocket() {
    NioReactor reactor = new NioReactor();
    String path = dir.resolve("echo.sock").toString();
    ListeningPort port = reactor.listenUNIX(path, Factory.forProtocol(TcpEchoTest.Echo::new));
    assertThat(port.getHost()).isEqualTo(new UNIXAddress(path));
    TcpEchoTest.Collector client = new TcpEchoTest.Collector("over unix".getBytes(StandardCharsets.US_ASCII));
    Connector c = reactor.connectUNIX(path, new ClientFactory(() -> client));
    assertThat(c.getDestination()).isEqualTo(new UNIXAddress(path));
    Object reason = NioTesting.runUntil(reactor, client.closed, 10);
    assertThat(client.got.toString(StandardCharsets.US_ASCII)).isEqualTo("over unix");
    assertThat(((Failure) reason).check(ConnectionDone.class)).isNotNull();
    assertThat(Files.exists(Path.of(path))).as("socket unlinked when the port closed").isFalse();
  }

  @Test
  void theFileModeIsApplied() throws Exception {
    NioReactor reactor = new NioReactor();
    Path path = dir.resolve("mode.sock");
    reactor.listenUNIX(path.toString(), Factory.forProtocol(Protocol::new), 5, 0600, false);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
    reactor.callWhenRunning(reactor::stop);
    reactor.run();
  }

  @Test
  void aStaleSocketFileIsReplaced() throws Exception {
    Path path = dir.resolve("stale.sock");
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(path)); // closing leaves the file behind
    }
    assertThat(Files.exists(path)).isTrue();
    NioReactor reactor = new NioReactor();
    reactor.listenUNIX(path.toString(), Factory.forProtocol(TcpEchoTest.Echo::new));
    TcpEchoTest.Collector client = new TcpEchoTest.Collector("fresh".getBytes(StandardCharsets.US_ASCII));
    reactor.connectUNIX(path.toString(), new ClientFactory(() -> client));
    NioTesting.runUntil(reactor, client.closed, 10);
    assertThat(client.got.toString(StandardCharsets.US_ASCII)).isEqualTo("fresh");
  }

  @Test
  void aLiveSocketIsCannotListenError() throws Exception {
    Path path = dir.resolve("live.sock");
    try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      live.bind(UnixDomainSocketAddress.of(path));
      NioReactor reactor = new NioReactor();
      assertThatThrownBy(() -> reactor.listenUNIX(path.toString(), Factory.forProtocol(Protocol::new)))
          .isInstanceOf(CannotListenError.class)
          .hasMessage(path + ": address already in use");
      assertThat(Files.exists(path)).isTrue();
      reactor.callWhenRunning(reactor::stop);
      reactor.run();
    }
  }

  @Test
  void wantPIDWritesALockFileThatGoesAwayWithThePort() throws Exception {
    NioReactor reactor = new NioReactor();
    Path path = dir.resolve("pid.sock");
    ListeningPort port = reactor.listenUNIX(path.toString(), Factory.forProtocol(Protocol::new), 5, 0666, true);
    Path lock = Path.of(path + ".lock");
    assertThat(Files.readString(lock)).isEqualTo(Long.toString(ProcessHandle.current().pid()));
    NioTesting.runUntil(reactor, port.stopListening(), 10);
    assertThat(Files.exists(lock)).isFalse();
    assertThat(Files.exists(path)).isFalse();
  }

  @Test
  void connectingToANonexistentPathFails() {
    NioReactor reactor = new NioReactor();
    TcpErrorsTest.Recorder f = new TcpErrorsTest.Recorder();
    reactor.connectUNIX(dir.resolve("nobody.sock").toString(), f);
    Failure reason = (Failure) NioTesting.runUntil(reactor, f.failed, 10);
    assertThat(reason.value()).isInstanceOf(ConnectError.class).hasMessageContaining("nobody.sock");
  }
}
