package dev.torsion.conch.ssh;

import dev.torsion.cred.AuthorizedKeysChecker;
import dev.torsion.cred.InMemoryUsers;
import dev.torsion.cred.Portal;
import dev.torsion.cred.Realm;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.NioReactor;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Torsion's SSH server on a real reactor thread, 127.0.0.1 and a free port: user alice with
 * password "s3cret" and the keys in {@code dir/authorized_keys}; sessions run /bin/sh, SFTP is
 * confined to {@code dir/sftp-root}, forwarding to and on loopback is allowed.
 */
final class SSHTestServer implements AutoCloseable {
  final NioReactor reactor = new NioReactor();
  final List<HostKey> hostKeys;
  final SSHServerFactory factory;
  final ListeningPort port;
  private final Thread thread;

  SSHTestServer(Path dir, Consumer<SSHServerFactory> configure) throws Exception {
    this(dir, configure, List.of(HostKey.loadOrGenerate(dir.resolve("host_key"))));
  }

  SSHTestServer(Path dir, Consumer<SSHServerFactory> configure, List<HostKey> keys)
      throws Exception {
    hostKeys = keys;
    Path sftpRoot = java.nio.file.Files.createDirectories(dir.resolve("sftp-root"));
    Realm realm = Realm.of(ConchUser.class,
        id -> new UnixConchUser(reactor, "/bin/sh", sftpRoot, true));
    Portal portal = new Portal(realm, new InMemoryUsers().addUser("alice", "s3cret"),
        new AuthorizedKeysChecker(reactor, user -> user.equals("alice")
            ? dir.resolve("authorized_keys") : null));
    factory = new SSHServerFactory(reactor, portal, keys);
    configure.accept(factory);
    port = reactor.listenTCP(0, factory, 50, "127.0.0.1");
    thread = new Thread(reactor::run, "ssh-test-reactor");
    thread.start();
  }

  int port() {
    return ((IPv4Address) port.getHost()).port();
  }

  /** known_hosts lines for this server, one per host key. */
  String knownHostsLine() {
    StringBuilder b = new StringBuilder();
    for (HostKey k : hostKeys) {
      b.append("[127.0.0.1]:").append(port()).append(' ').append(k.publicKeyLine()).append('\n');
    }
    return b.toString();
  }

  @Override
  public void close() throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    reactor.callFromThread(() -> port.stopListening().addBoth(r -> {
      reactor.stop();
      stopped.countDown();
      return null;
    }));
    if (!stopped.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("reactor did not stop");
    }
    thread.join(10_000);
    reactor.close();
  }

  static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(20, TimeUnit.SECONDS);
  }
}
