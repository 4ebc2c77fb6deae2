package dev.torsion.internet.ssl.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * Builds and signs an X.509 v3 certificate with the JDK alone (RFC 5280 4.1):
 *
 * <pre>
 * Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
 * TBSCertificate ::= SEQUENCE {
 *   version [0] EXPLICIT INTEGER (2 = v3), serialNumber INTEGER, signature AlgorithmIdentifier,
 *   issuer Name, validity SEQUENCE { notBefore, notAfter }, subject Name,
 *   subjectPublicKeyInfo,                    -- PublicKey.getEncoded() is already this
 *   extensions [3] EXPLICIT SEQUENCE OF Extension }
 * </pre>
 *
 * Names hold a single common name. Extensions: subjectAltName (DNS names and IP addresses) and
 * basicConstraints.
 */
public final class CertificateEncoder {
  private static final SecureRandom RANDOM = new SecureRandom();

  private CertificateEncoder() {}

  /** Signs a certificate for {@code subjectKey}, with {@code issuerKey}, and parses it back. */
  public static X509Certificate encode(
      String subjectCn,
      List<String> altNames,
      PublicKey subjectKey,
      boolean isCa,
      Instant notBefore,
      Instant notAfter,
      String issuerCn,
      PrivateKey issuerKey)
      throws GeneralSecurityException {
    String sigAlg;
    byte[] sigAlgId;
    if (issuerKey.getAlgorithm().equals("EC")) {
      sigAlg = "SHA256withECDSA";
      sigAlgId = Der.sequence(Der.oid("1.2.840.10045.4.3.2")); // RFC 5758 3.2: no parameters
    } else if (issuerKey.getAlgorithm().equals("RSA")) {
      sigAlg = "SHA256withRSA";
      sigAlgId = Der.sequence(Der.oid("1.2.840.113549.1.1.11"), Der.nullValue());
    } else {
      throw new GeneralSecurityException("cannot sign with a " + issuerKey.getAlgorithm() + " key");
    }
    byte[] serial = Der.integer(new BigInteger(63, RANDOM).add(BigInteger.ONE));
    byte[] extensions =
        Der.sequence(
            extension("2.5.29.19", true, isCa ? Der.sequence(Der.bool(true)) : Der.sequence()),
            extension("2.5.29.17", false, subjectAltNames(altNames)));
    byte[] tbs =
        Der.sequence(
            Der.explicit(0, Der.integer(2)),
            serial,
            sigAlgId,
            name(issuerCn),
            Der.sequence(Der.time(notBefore), Der.time(notAfter)),
            name(subjectCn),
            subjectKey.getEncoded(),
            Der.explicit(3, extensions));
    Signature signer = Signature.getInstance(sigAlg);
    signer.initSign(issuerKey);
    signer.update(tbs);
    byte[] cert = Der.sequence(tbs, sigAlgId, Der.bitString(signer.sign()));
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(cert));
  }

  private static byte[] name(String cn) {
    return Der.sequence(Der.set(Der.sequence(Der.oid("2.5.4.3"), Der.utf8String(cn))));
  }

  private static byte[] extension(String oid, boolean critical, byte[] value) {
    if (critical) {
      return Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value));
    }
    return Der.sequence(Der.oid(oid), Der.octetString(value));
  }

  /** GeneralNames: dNSName is [2] IA5String, iPAddress is [7] OCTET STRING (RFC 5280 4.2.1.6). */
  private static byte[] subjectAltNames(List<String> names) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String name : names) {
      if (isIpLiteral(name)) {
        try {
          out.writeBytes(Der.implicit(7, InetAddress.getByName(name).getAddress()));
        } catch (UnknownHostException e) {
          throw new IllegalArgumentException("bad IP address " + name, e);
        }
      } else {
        out.writeBytes(Der.implicit(2, name.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
      }
    }
    return Der.sequence(out.toByteArray());
  }

  /** True for an IPv4 dotted quad or an IPv6 literal; never does a DNS lookup. */
  public static boolean isIpLiteral(String s) {
    return s.contains(":") || s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }
}
