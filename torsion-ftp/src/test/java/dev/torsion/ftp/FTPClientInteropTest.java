package dev.torsion.ftp;

import dev.torsion.trial.ReactorThread;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.ftp.client.FTPClient;
import dev.torsion.ftp.client.FTPCommandFailed;
import dev.torsion.ftp.client.FTPFile;
import dev.torsion.ftp.client.FTPUpload;
import dev.torsion.internet.ClientFactory;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Protocol;
import dev.torsion.protocols.FileSender;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Torsion's FTPClient against vsftpd (started here) and against Torsion's own server. */
class FTPClientInteropTest {
  @TempDir Path dir;

  /** Collects a download in memory. */
  static final class Collect extends Protocol {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public void dataReceived(byte[] data) {
      bytes.writeBytes(data);
    }
  }

  private static FTPClient connect(ReactorThread real, int port, String user, String password) throws Exception {
    return connect(real, port, user, password, null);
  }

  private static FTPClient connect(ReactorThread real, int port, String user, String password,
      dev.torsion.internet.ssl.TLSOptions tls) throws Exception {
    FTPClient client = new FTPClient(real.reactor(), user, password);
    if (tls != null) {
      client.useTLS(tls);
    }
    real.call(() -> {
      real.reactor().connectTCP("127.0.0.1", port, new ClientFactory(() -> client));
      return client.loggedIn();
    });
    return client;
  }

  /** Everything a client does in one session, on a server whose root is {@code root}. */
  private void session(ReactorThread real, int port, Path root, String user, String password, boolean passive,
      String home) throws Exception {
    session(real, port, root, user, password, passive, home, null);
  }

  private void session(ReactorThread real, int port, Path root, String user, String password, boolean passive,
      String home, dev.torsion.internet.ssl.TLSOptions tls) throws Exception {
    byte[] big = new byte[400_000];
    new Random(3).nextBytes(big);
    Files.createDirectories(root.resolve("pub"));
    Files.write(root.resolve("pub/big.bin"), big);
    FTPClient client = connect(real, port, user, password, tls);
    real.call(() -> {
      client.setPassive(passive);
      return Deferred.succeed(null);
    });

    if (tls != null) {
      assertThat(client.getTransport()).isInstanceOf(dev.torsion.internet.ssl.TLSTransport.class);
    }
    assertThat(real.call(client::pwd)).isEqualTo(home);
    assertThat(real.call(() -> client.cwd("pub")).code()).isEqualTo(250);
    List<FTPFile> files = real.call(() -> client.list(""));
    assertThat(files).extracting(FTPFile::name).contains("big.bin");
    assertThat(files.stream().filter(f -> f.name().equals("big.bin")).findFirst().orElseThrow().size())
        .isEqualTo(400_000L);

    Collect down = new Collect();
    assertThat(real.call(() -> client.retrieveFile("big.bin", down, 0)).code()).isEqualTo(226);
    assertThat(down.bytes.toByteArray()).isEqualTo(big);
    Collect tail = new Collect();
    real.call(() -> client.retrieveFile("big.bin", tail, 399_000));
    assertThat(tail.bytes.toByteArray()).isEqualTo(java.util.Arrays.copyOfRange(big, 399_000, 400_000));

    byte[] upload = "uploaded by torsion\n".repeat(20_000).getBytes();
    FTPUpload up = real.call(() -> client.storeFile("up.txt", 0, false).whenReady());
    real.call(() -> new FileSender().beginFileTransfer(new ByteArrayInputStream(upload), up)
        .addCallback(n -> {
          up.finish();
          return n;
        }));
    assertThat(real.call(up::done).code()).isEqualTo(226);
    assertThat(Files.readAllBytes(root.resolve("pub/up.txt"))).isEqualTo(upload);

    assertThat(real.call(() -> client.makeDirectory("made")).code()).isEqualTo(257);
    assertThat(real.call(() -> client.rename("up.txt", "made/renamed.txt")).code()).isEqualTo(250);
    assertThat(root.resolve("pub/made/renamed.txt")).exists();
    assertThat(real.call(() -> client.removeFile("made/renamed.txt")).code()).isEqualTo(250);
    assertThat(real.call(() -> client.removeDirectory("made")).code()).isEqualTo(250);
    assertThat(root.resolve("pub/made")).doesNotExist();

    FTPCommandFailed missing = catchFailure(real, () -> client.cwd("no-such-dir"));
    assertThat(missing.reply().code()).isEqualTo(550);
    assertThat(real.call(client::quit).code()).isEqualTo(221);
  }

  private static FTPCommandFailed catchFailure(ReactorThread real, java.util.function.Supplier<Deferred<?>> op) {
    try {
      real.call(() -> op.get().addCallback(r -> (Object) r));
    } catch (FTPCommandFailed e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError("expected FTPCommandFailed, got " + e, e);
    }
    throw new AssertionError("expected FTPCommandFailed");
  }

  @ParameterizedTest(name = "passive={0}")
  @ValueSource(booleans = {true, false})
  void clientAgainstVsftpd(boolean passive) throws Exception {
    try (Vsftpd vsftpd = new Vsftpd(dir); ReactorThread real = new ReactorThread()) {
      // without a chroot (it would need root), vsftpd shows its real directory as the start
      session(real, vsftpd.port, vsftpd.root, "anonymous", "", passive, vsftpd.root.toString());
    }
  }

  @ParameterizedTest(name = "passive={0}")
  @ValueSource(booleans = {true, false})
  void clientAgainstTorsionServer(boolean passive) throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    try (FTPServerFixture server = new FTPServerFixture(root)) {
      session(server.real, server.port, root, "alice", "secret", passive, "/");
    }
  }

  private static final dev.torsion.internet.ssl.SelfSignedCertificate RSA =
      dev.torsion.internet.ssl.SelfSignedCertificate.builder().names("localhost").rsa().build();

  private static dev.torsion.internet.ssl.TLSOptions trusting(dev.torsion.internet.ssl.SelfSignedCertificate cert) {
    return dev.torsion.internet.ssl.TLSOptions.forClient("localhost").trustRoots(cert.certificate()).build();
  }

  @ParameterizedTest(name = "passive={0}")
  @ValueSource(booleans = {true, false})
  void clientOverTlsAgainstVsftpd(boolean passive) throws Exception {
    Path pem = dir.resolve("vsftpd.pem");
    RSA.writePem(pem);
    try (Vsftpd vsftpd = new Vsftpd(dir, pem); ReactorThread real = new ReactorThread()) {
      // force_anon_logins_ssl and force_anon_data_ssl: vsftpd refuses this session without TLS
      session(real, vsftpd.port, vsftpd.root, "anonymous", "", passive, vsftpd.root.toString(), trusting(RSA));
    }
  }

  @Test
  void clientOverTlsAgainstTorsionServer() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    try (FTPServerFixture server = new FTPServerFixture(root)) {
      session(server.real, server.port, root, "alice", "secret", true, "/", trusting(FTPServerFixture.CERT));
    }
  }

  @Test
  void aRefusedLoginFailsLoggedIn() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    try (FTPServerFixture server = new FTPServerFixture(root)) {
      FTPClient client = new FTPClient(server.real.reactor(), "alice", "wrong");
      FTPCommandFailed e = catchFailure(server.real, () -> {
        server.real.reactor().connectTCP("127.0.0.1", server.port, new ClientFactory(() -> client));
        return client.loggedIn();
      });
      assertThat(e.reply().code()).isEqualTo(530);
    }
  }
}
