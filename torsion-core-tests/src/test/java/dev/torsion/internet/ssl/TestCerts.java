package dev.torsion.internet.ssl;

/** Certificates shared by the TLS tests: a CA, a server leaf for "localhost", a client leaf. */
final class TestCerts {
  static final SelfSignedCertificate CA = SelfSignedCertificate.builder().commonName("Torsion Test CA").build();
  static final SelfSignedCertificate SERVER =
      SelfSignedCertificate.builder().names("localhost", "127.0.0.1").signedBy(CA).build();
  static final SelfSignedCertificate CLIENT =
      SelfSignedCertificate.builder().commonName("test client").signedBy(CA).build();
  static final SelfSignedCertificate OTHER_CA = SelfSignedCertificate.generate("someone else");

  private TestCerts() {}

  static TLSOptions.Builder server() {
    return TLSOptions.forServer(SERVER.keyMaterial());
  }

  static TLSOptions.Builder client() {
    return TLSOptions.forClient("localhost").trustRoots(CA.certificate());
  }
}
