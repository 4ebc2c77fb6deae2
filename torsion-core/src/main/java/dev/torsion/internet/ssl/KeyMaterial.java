package dev.torsion.internet.ssl;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A private key with its certificate chain: the identity a TLS server presents, or a client
 * presents when asked for a certificate. Twisted calls this a {@code PrivateCertificate}.
 *
 * <pre>{@code
 * KeyMaterial identity = KeyMaterial.fromPem(Path.of("key.pem"), Path.of("cert.pem"));
 * KeyMaterial both = KeyMaterial.fromPem(Path.of("server.pem"));   // key and chain in one file
 * }</pre>
 *
 * @param privateKey the key matching the first certificate
 * @param chain the leaf certificate first, then intermediates
 */
public record KeyMaterial(PrivateKey privateKey, List<X509Certificate> chain) {
  public KeyMaterial {
    Objects.requireNonNull(privateKey, "privateKey");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a certificate chain needs at least one certificate");
    }
    if (!chain.get(0).getPublicKey().getAlgorithm().equals(privateKey.getAlgorithm())) {
      throw new IllegalArgumentException(
          "private key is "
              + privateKey.getAlgorithm()
              + " but certificate "
              + chain.get(0).getSubjectX500Principal()
              + " holds a "
              + chain.get(0).getPublicKey().getAlgorithm()
              + " key");
    }
    if (!keyMatches(privateKey, chain.get(0))) {
      throw new IllegalArgumentException(
          "private key does not match certificate " + chain.get(0).getSubjectX500Principal());
    }
  }

  /** Signs a probe with the key and checks it with the certificate's public key. */
  private static boolean keyMatches(PrivateKey key, X509Certificate cert) {
    String algorithm;
    switch (key.getAlgorithm()) {
      case "EC":
        algorithm = "SHA256withECDSA";
        break;
      case "RSA":
        algorithm = "SHA256withRSA";
        break;
      case "Ed25519":
      case "Ed448":
        algorithm = key.getAlgorithm();
        break;
      default:
        return true; // no cheap check: the handshake will tell
    }
    try {
      byte[] probe = "torsion key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Reads a file holding both the private key and the certificate chain. */
  public static KeyMaterial fromPem(Path keyAndChain) {
    return new KeyMaterial(Pem.readPrivateKey(keyAndChain), Pem.readCertificates(keyAndChain));
  }

  /** Reads the key from one file and the chain from another. */
  public static KeyMaterial fromPem(Path key, Path chain) {
    return new KeyMaterial(Pem.readPrivateKey(key), Pem.readCertificates(chain));
  }

  /** This identity with {@code extra} certificates appended to its chain (Twisted's extraCertChain). */
  public KeyMaterial withExtraChain(List<X509Certificate> extra) {
    List<X509Certificate> all = new java.util.ArrayList<>(chain);
    all.addAll(extra);
    return new KeyMaterial(privateKey, all);
  }
}
