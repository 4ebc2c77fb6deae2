package dev.torsion.ftp;

import dev.torsion.trial.ReactorThread;

import dev.torsion.cred.AllowAnonymousAccess;
import dev.torsion.cred.InMemoryUsers;
import dev.torsion.cred.Portal;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.ssl.SelfSignedCertificate;
import dev.torsion.internet.ssl.TLSOptions;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * A Torsion FTP server for tests on 127.0.0.1 and a free port, rooted in {@code root}: anonymous
 * read-only, alice/secret read-write, TLS with a self-signed certificate.
 */
public final class FTPServerFixture implements AutoCloseable {
  public static final SelfSignedCertificate CERT = SelfSignedCertificate.generate("localhost");

  public final ReactorThread real = new ReactorThread();
  public final Path root;
  public final FTPFactory factory;
  public final int port;
  private final ListeningPort listening;

  public FTPServerFixture(Path root) throws Exception {
    this(root, b -> b);
  }

  public FTPServerFixture(Path root, UnaryOperator<FTPServerOptions.Builder> tweak) throws Exception {
    this(root, tweak, "127.0.0.1");
  }

  /** Listening on {@code iface} ("::1" for IPv6). */
  public FTPServerFixture(Path root, UnaryOperator<FTPServerOptions.Builder> tweak, String iface)
      throws Exception {
    this.root = root;
    Portal portal = new Portal(FTPRealm.of(root),
        new InMemoryUsers().addUser("alice", "secret"), new AllowAnonymousAccess());
    FTPServerOptions options = tweak.apply(FTPServerOptions.builder(portal)
        .tls(TLSOptions.forServer(CERT.keyMaterial()).build())).build();
    factory = new FTPFactory(options, real.reactor());
    listening = real.call(() -> Deferred.succeed(real.reactor().listenTCP(0, factory, 50, iface)));
    port = dev.torsion.ftp.internal.DataChannel.port(listening.getHost());
  }

  @Override
  public void close() throws Exception {
    try {
      real.call(listening::stopListening);
    } finally {
      real.close();
    }
  }
}
