package dev.torsion.internet.ssl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.internet.ssl.internal.Der;
import dev.torsion.internet.ssl.internal.DerReader;
import java.security.PrivateKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PEM reading and writing with the JDK alone, for every private-key encoding servers use. */
class PemTest {
  @Test
  void pkcs8KeyAndCertificateChainRoundTripThroughOneFile() {
    SelfSignedCertificate cert = SelfSignedCertificate.builder().names("a.test").signedBy(TestCerts.CA).build();
    String pem = cert.privateKeyPem() + cert.certificatePem() + Pem.encodeCertificate(TestCerts.CA.certificate());

    assertThat(Pem.parsePrivateKey(pem)).isEqualTo(cert.privateKey());
    assertThat(Pem.parseCertificates(pem)).containsExactly(cert.certificate(), TestCerts.CA.certificate());
  }

  @Test
  void pkcs1RsaKeyIsWrappedIntoPkcs8() {
    SelfSignedCertificate rsa = SelfSignedCertificate.builder().rsa().names("rsa.test").build();
    // PKCS#8 from the JDK holds the PKCS#1 structure as its OCTET STRING: take it out
    byte[] pkcs1 = DerReader.read(rsa.privateKey().getEncoded()).children().get(2).content();

    PrivateKey key = Pem.parsePrivateKey(Pem.encode("RSA PRIVATE KEY", pkcs1));

    assertThat(key).isEqualTo(rsa.privateKey());
    assertThat(new KeyMaterial(key, rsa.chain()).privateKey().getAlgorithm()).isEqualTo("RSA");
  }

  @Test
  void sec1EcKeyIsWrappedWithTheCurveItNames() {
    SelfSignedCertificate ec = SelfSignedCertificate.generate("ec.test");
    List<DerReader.Tlv> pkcs8 = DerReader.read(ec.privateKey().getEncoded()).children();
    List<DerReader.Tlv> inner = DerReader.read(pkcs8.get(2).content()).children();
    // rebuild as OpenSSL writes it: version, key, [0] curve OID
    byte[] sec1 =
        Der.sequence(
            Der.integer(1),
            Der.octetString(inner.get(1).content()),
            Der.explicit(0, Der.oid("1.2.840.10045.3.1.7")));
    String pem = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
        + Pem.encode("EC PRIVATE KEY", sec1);

    assertThat(new KeyMaterial(Pem.parsePrivateKey(pem), ec.chain())).isNotNull();
  }

  @Test
  void encryptedKeysAreRefusedWithAClearMessage() {
    assertThatThrownBy(() -> Pem.parsePrivateKey(Pem.encode("ENCRYPTED PRIVATE KEY", new byte[] {1, 2})))
        .hasMessageContaining("encrypted");
    String legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n";
    assertThatThrownBy(() -> Pem.parsePrivateKey(legacy)).hasMessageContaining("encrypted");
  }

  @Test
  void malformedInputGivesErrorsNotCrashes() {
    assertThatThrownBy(() -> Pem.parsePrivateKey("no pem here")).hasMessageContaining("no private key");
    assertThatThrownBy(() -> Pem.parsePrivateKey(Pem.encode("PRIVATE KEY", new byte[] {0x30, 0x7f, 1})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PRIVATE KEY");
    assertThatThrownBy(() -> Pem.parsePrivateKey(Pem.encode("EC PRIVATE KEY", new byte[] {0x30, 0x03, 0x02, 0x01, 0x01})))
        .hasMessageContaining("curve");
    assertThatThrownBy(() -> Pem.parse("-----BEGIN CERTIFICATE-----\nAAAA\n"))
        .hasMessageContaining("no END line");
    assertThatThrownBy(() -> Pem.parseCertificates(Pem.encode("CERTIFICATE", new byte[] {1, 2, 3})))
        .hasMessageContaining("bad certificate");
  }

  @Test
  void aKeyThatDoesNotMatchItsCertificateIsRejected() {
    SelfSignedCertificate a = SelfSignedCertificate.generate("a.test");
    SelfSignedCertificate b = SelfSignedCertificate.generate("b.test");

    assertThatThrownBy(() -> new KeyMaterial(a.privateKey(), b.chain()))
        .hasMessageContaining("does not match");
  }
}
