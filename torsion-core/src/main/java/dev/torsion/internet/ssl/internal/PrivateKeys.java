package dev.torsion.internet.ssl.internal;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import java.util.Map;

/**
 * Turns the three private-key encodings found in PEM files into JDK keys. The JDK reads only
 * PKCS#8, so PKCS#1 (RSA) and SEC1 (EC) keys are wrapped into a PKCS#8 PrivateKeyInfo first:
 *
 * <pre>
 * PrivateKeyInfo ::= SEQUENCE {            -- RFC 5208 5
 *   version             INTEGER (0),
 *   privateKeyAlgorithm SEQUENCE { OID, parameters },
 *   privateKey          OCTET STRING }      -- the PKCS#1 or SEC1 structure, as is
 * </pre>
 */
public final class PrivateKeys {
  private static final String RSA = "1.2.840.113549.1.1.1";
  private static final String EC = "1.2.840.10045.2.1";
  private static final Map<String, String> ALGORITHMS =
      Map.of(
          RSA, "RSA",
          EC, "EC",
          "1.2.840.113549.1.1.10", "RSASSA-PSS",
          "1.3.101.112", "Ed25519",
          "1.3.101.113", "Ed448",
          "1.2.840.10040.4.1", "DSA");

  private PrivateKeys() {}

  /** A key from a PKCS#8 PrivateKeyInfo ("BEGIN PRIVATE KEY"). */
  public static PrivateKey fromPkcs8(byte[] der) throws GeneralSecurityException {
    String algorithm;
    try {
      List<DerReader.Tlv> fields = DerReader.read(der).children();
      DerReader.Tlv algorithmId = fields.get(1).children().get(0);
      String oid = Der.decodeOid(algorithmId.content());
      algorithm = ALGORITHMS.get(oid);
      if (algorithm == null) {
        throw new GeneralSecurityException("unsupported private key algorithm OID " + oid);
      }
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new GeneralSecurityException("malformed PKCS#8 private key: " + e.getMessage(), e);
    }
    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
  }

  /** A key from a PKCS#1 RSAPrivateKey ("BEGIN RSA PRIVATE KEY"). */
  public static PrivateKey fromPkcs1(byte[] der) throws GeneralSecurityException {
    byte[] info =
        Der.sequence(
            Der.integer(0), Der.sequence(Der.oid(RSA), Der.nullValue()), Der.octetString(der));
    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(info));
  }

  /**
   * A key from a SEC1 ECPrivateKey ("BEGIN EC PRIVATE KEY"). Its curve comes from the key's own
   * [0] parameters field (RFC 5915 3), which OpenSSL always writes.
   */
  public static PrivateKey fromSec1(byte[] der) throws GeneralSecurityException {
    String curve = null;
    try {
      for (DerReader.Tlv field : DerReader.read(der).children()) {
        if (field.tag() == 0xa0) {
          DerReader.Tlv oid = field.children().get(0);
          if (oid.tag() != Der.OID) {
            throw new GeneralSecurityException("EC key with explicit curve parameters: unsupported");
          }
          curve = Der.decodeOid(oid.content());
        }
      }
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new GeneralSecurityException("malformed SEC1 EC private key: " + e.getMessage(), e);
    }
    if (curve == null) {
      throw new GeneralSecurityException("SEC1 EC private key does not name its curve");
    }
    byte[] info =
        Der.sequence(
            Der.integer(0), Der.sequence(Der.oid(EC), Der.oid(curve)), Der.octetString(der));
    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(info));
  }
}
