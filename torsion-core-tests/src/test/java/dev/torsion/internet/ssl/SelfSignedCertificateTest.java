package dev.torsion.internet.ssl;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JDK-only X.509 encoder behind SelfSignedCertificate. */
class SelfSignedCertificateTest {
  @Test
  void selfSignedCertificateVerifiesWithItsOwnKeyAndNamesItsHosts() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.generate("localhost", "127.0.0.1", "::1");
    X509Certificate x = cert.certificate();

    x.verify(x.getPublicKey());
    x.checkValidity();
    assertThat(x.getVersion()).isEqualTo(3);
    assertThat(x.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
    assertThat(x.getSubjectAlternativeNames())
        .containsExactly(List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
    assertThat(x.getBasicConstraints()).isGreaterThanOrEqualTo(0); // a CA: may be its own root
    assertThat(x.getSigAlgName()).isEqualTo("SHA256withECDSA");
  }

  @Test
  void leafSignedByACaVerifiesWithTheCasKeyAndIsNotACa() throws Exception {
    SelfSignedCertificate leaf =
        SelfSignedCertificate.builder().rsa().names("svc.test").signedBy(TestCerts.CA).build();

    leaf.certificate().verify(TestCerts.CA.certificate().getPublicKey());
    assertThat(leaf.certificate().getIssuerX500Principal())
        .isEqualTo(TestCerts.CA.certificate().getSubjectX500Principal());
    assertThat(leaf.certificate().getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.certificate().getPublicKey().getAlgorithm()).isEqualTo("RSA");
    assertThat(leaf.chain()).hasSize(1); // the self-signed root is not part of the chain
  }

  @Test
  void validityFollowsTheBuilderIncludingDatesPast2049() {
    Instant from = Instant.parse("2049-12-31T00:00:00Z");
    X509Certificate x =
        SelfSignedCertificate.builder().validFrom(from).validFor(Duration.ofDays(2)).build().certificate();

    assertThat(x.getNotBefore().toInstant()).isEqualTo(from);
    assertThat(x.getNotAfter().toInstant()).isEqualTo(Instant.parse("2050-01-02T00:00:00Z"));
  }

  @Test
  void pemFileHoldsKeyAndChainForTheSslEndpoint(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    SelfSignedCertificate cert = SelfSignedCertificate.generate("localhost");
    java.nio.file.Path file = dir.resolve("server.pem");
    cert.writePem(file);

    KeyMaterial loaded = KeyMaterial.fromPem(file);

    assertThat(loaded.privateKey()).isEqualTo(cert.privateKey());
    assertThat(loaded.chain()).containsExactly(cert.certificate());
  }
}
