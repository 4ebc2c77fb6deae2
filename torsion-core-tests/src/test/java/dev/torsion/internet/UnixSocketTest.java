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
    assertThat(Files.isSymbolicLink(lock)).as("a link to the PID, as Twisted's FilesystemLock").isTrue();
    assertThat(Files.readSymbolicLink(lock).toString()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
    NioTesting.runUntil(reactor, port.stopListening(), 10);
    assertThat(Files.exists(lock, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(Files.exists(path)).isFalse();
  }

  @Test
  void aLockHeldByAnotherLiveProcessIsCannotListenErrorAndIsLeftAlone() throws Exception {
    long other = ProcessHandle.current().parent().orElseThrow().pid(); // the test runner: alive
    Path path = dir.resolve("taken.sock");
    Path lock = Path.of(path + ".lock");
    Files.createSymbolicLink(lock, Path.of(Long.toString(other)));
    NioReactor reactor = new NioReactor();

    assertThatThrownBy(() -> reactor.listenUNIX(path.toString(), Factory.forProtocol(Protocol::new), 5, 0666, true))
        .isInstanceOf(CannotListenError.class)
        .hasMessage(path + ": in use by process " + other + " (see " + lock + ")");
    assertThat(Files.readSymbolicLink(lock).toString()).isEqualTo(Long.toString(other));
    assertThat(Files.exists(path)).as("no socket made").isFalse();
    reactor.callWhenRunning(reactor::stop);
    reactor.run();
  }

  @Test
  void aStaleLockOfADeadProcessIsTakenOverEvenInTheOldPlainFileForm() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    assertThat(gone.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    Path path = dir.resolve("stale-lock.sock");
    Path lock = Path.of(path + ".lock");
    Files.writeString(lock, Long.toString(gone.pid()));
    NioReactor reactor = new NioReactor();

    ListeningPort port = reactor.listenUNIX(path.toString(), Factory.forProtocol(Protocol::new), 5, 0666, true);

    assertThat(Files.readSymbolicLink(lock).toString()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
    NioTesting.runUntil(reactor, port.stopListening(), 10);
  }

  @Test
  void aLockNamingOurOwnPidThatThisProcessDidNotTakeIsStale() throws Exception {
    // A container restarts as PID 1 and finds its predecessor's lock naming PID 1.
    Path path = dir.resolve("reborn.sock");
    Path lock = Path.of(path + ".lock");
    Files.createSymbolicLink(lock, Path.of(Long.toString(ProcessHandle.current().pid())));
    NioReactor reactor = new NioReactor();

    ListeningPort port = reactor.listenUNIX(path.toString(), Factory.forProtocol(Protocol::new), 5, 0666, true);

    assertThat(port.getHost()).isEqualTo(new UNIXAddress(path.toString()));
    NioTesting.runUntil(reactor, port.stopListening(), 10);
    assertThat(Files.exists(lock, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  void aSecondLockingPortInThisProcessIsRefusedAndTheFirstKeepsItsLock() throws Exception {
    Path path = dir.resolve("twice.sock");
    Path lock = Path.of(path + ".lock");
    NioReactor reactor = new NioReactor();
    ListeningPort first = reactor.listenUNIX(path.toString(), Factory.forProtocol(Protocol::new), 5, 0666, true);

    assertThatThrownBy(() -> reactor.listenUNIX(path.toString(), Factory.forProtocol(Protocol::new), 5, 0666, true))
        .isInstanceOf(CannotListenError.class)
        .hasMessageContaining("in use by process " + ProcessHandle.current().pid());

    assertThat(Files.isSymbolicLink(lock)).as("the first port's lock survives").isTrue();
    assertThat(Files.exists(path)).as("the first port's socket survives").isTrue();
    NioTesting.runUntil(reactor, first.stopListening(), 10);
  }

  @Test
  void checkPidRefusesASocketWithoutALiveLockAndConnectsToOneWithIt() throws Exception {
    Path path = dir.resolve("checked.sock");
    NioReactor reactor = new NioReactor();
    reactor.listenUNIX(path.toString(), Factory.forProtocol(Protocol::new), 5, 0666, false);
    TcpErrorsTest.Recorder refused = new TcpErrorsTest.Recorder();
    reactor.connectUNIX(path.toString(), refused, 5, true);
    Failure reason = (Failure) NioTesting.runUntil(reactor, refused.failed, 10);
    assertThat(reason.value()).isInstanceOf(ConnectError.class).hasMessageContaining("no live process holds");

    NioReactor second = new NioReactor();
    second.listenUNIX(path.toString(), Factory.forProtocol(TcpEchoTest.Echo::new), 5, 0666, true);
    TcpEchoTest.Collector client = new TcpEchoTest.Collector("locked".getBytes(StandardCharsets.US_ASCII));
    second.connectUNIX(path.toString(), new ClientFactory(() -> client), 5, true);
    NioTesting.runUntil(second, client.closed, 10);
    assertThat(client.got.toString(StandardCharsets.US_ASCII)).isEqualTo("locked");
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
