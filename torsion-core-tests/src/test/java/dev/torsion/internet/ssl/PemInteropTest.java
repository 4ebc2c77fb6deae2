package dev.torsion.internet.ssl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys and certificates written by OpenSSL, read by Pem; and ours read by OpenSSL. */
class PemInteropTest {
  @TempDir Path dir;

  private void openssl(String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = Peers.require("openssl");
    System.arraycopy(args, 0, command, 1, args.length);
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
  }

  private KeyMaterial selfSigned(String keyFile) throws Exception {
    openssl("req", "-x509", "-key", keyFile, "-subj", "/CN=localhost", "-days", "2", "-out", "cert.pem");
    return KeyMaterial.fromPem(dir.resolve(keyFile), dir.resolve("cert.pem"));
  }

  @Test
  void traditionalPkcs1RsaKeyFromOpenssl() throws Exception {
    openssl("genrsa", "-traditional", "-out", "rsa.pem", "2048");
    assertThat(Files.readString(dir.resolve("rsa.pem"))).contains("BEGIN RSA PRIVATE KEY");

    assertThat(selfSigned("rsa.pem").privateKey().getAlgorithm()).isEqualTo("RSA");
  }

  @Test
  void sec1EcKeyWithParametersBlockFromOpenssl() throws Exception {
    openssl("ecparam", "-genkey", "-name", "prime256v1", "-out", "ec.pem");
    assertThat(Files.readString(dir.resolve("ec.pem"))).contains("BEGIN EC PRIVATE KEY");

    assertThat(selfSigned("ec.pem").privateKey().getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void pkcs8Ed25519KeyFromOpenssl() throws Exception {
    openssl("genpkey", "-algorithm", "ed25519", "-out", "ed.pem");

    assertThat(Pem.readPrivateKey(dir.resolve("ed.pem")).getAlgorithm()).isEqualTo("EdDSA");
  }

  @Test
  void opensslAcceptsOurSelfSignedCertificateAndKey() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.builder().names("localhost").signedBy(TestCerts.CA).build();
    cert.writePem(dir.resolve("leaf.pem"));
    Files.writeString(dir.resolve("ca.pem"), Pem.encodeCertificate(TestCerts.CA.certificate()));

    openssl("verify", "-CAfile", "ca.pem", "leaf.pem");
    openssl("pkey", "-in", "leaf.pem", "-check", "-noout");
    openssl("x509", "-in", "leaf.pem", "-noout", "-checkhost", "localhost");
  }
}
