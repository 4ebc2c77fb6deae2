package dev.torsion.cred.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;

/**
 * SSH public keys in wire form (RFC 4253 6.6, RFC 5656 3.1, RFC 8709) decoded to JDK keys, and
 * SSH signatures verified with JDK crypto only. Not public API: the SSH server and the {@code
 * AuthorizedKeysChecker} share it.
 *
 * <pre>
 *   ssh-ed25519:        string "ssh-ed25519", string key[32]
 *   ecdsa-sha2-nistpN:  string "ecdsa-sha2-nistpN", string "nistpN", string Q (04 || x || y)
 *   ssh-rsa:            string "ssh-rsa", mpint e, mpint n
 *   signature:          string algorithm, string bytes   (ECDSA bytes: mpint r, mpint s)
 * </pre>
 */
public final class SSHKeys {
  /** The largest key blob or signature we decode; a 16384-bit RSA key is ~2 KB. */
  public static final int MAX_BLOB = 16 * 1024;

  private SSHKeys() {}

  /** A malformed or unsupported key or signature. */
  public static final class BadKey extends GeneralSecurityException {
    public BadKey(String message) {
      super(message);
    }
  }

  /** The key type named at the start of {@code blob} ("ssh-ed25519", "ssh-rsa"...). */
  public static String keyType(byte[] blob) throws BadKey {
    return new Reader(blob).string();
  }

  /** Whether a signature or request algorithm may be used with a key of {@code keyType}. */
  public static boolean algorithmMatchesKey(String algorithm, String keyType) {
    if (keyType.equals("ssh-rsa")) {
      return algorithm.equals("rsa-sha2-256") || algorithm.equals("rsa-sha2-512")
          || algorithm.equals("ssh-rsa");
    }
    return algorithm.equals(keyType);
  }

  /** Decodes an SSH wire-form public key blob to a JDK {@link PublicKey}. */
  public static PublicKey decodePublicKey(byte[] blob) throws GeneralSecurityException {
    if (blob.length > MAX_BLOB) {
      throw new BadKey("key blob too long: " + blob.length + " bytes");
    }
    Reader r = new Reader(blob);
    String type = r.string();
    PublicKey key;
    switch (type) {
      case "ssh-ed25519" -> key = ed25519(r.bytes());
      case "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521" -> {
        String curve = r.string();
        if (!type.endsWith(curve)) {
          throw new BadKey("ECDSA key names curve " + curve + " for " + type);
        }
        key = ecdsa(curve, r.bytes());
      }
      case "ssh-rsa" -> {
        BigInteger e = r.mpint();
        BigInteger n = r.mpint();
        if (n.bitLength() < 1024 || e.signum() <= 0) {
          throw new BadKey("RSA key too small or malformed");
        }
        key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
      }
      default -> throw new BadKey("unsupported key type " + type);
    }
    r.end();
    return key;
  }

  /** An Ed25519 key from its 32 raw bytes (RFC 8032 5.1.2: little-endian y, x's sign on top). */
  public static PublicKey ed25519(byte[] raw) throws GeneralSecurityException {
    if (raw.length != 32) {
      throw new BadKey("Ed25519 key must be 32 bytes, not " + raw.length);
    }
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = raw[31 - i];
    }
    boolean xOdd = (be[0] & 0x80) != 0;
    be[0] &= 0x7f;
    EdECPoint point = new EdECPoint(xOdd, new BigInteger(1, be));
    return KeyFactory.getInstance("Ed25519")
        .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, point));
  }

  private static PublicKey ecdsa(String curve, byte[] q) throws GeneralSecurityException {
    ECParameterSpec params = curveParams(curve);
    int size = (params.getCurve().getField().getFieldSize() + 7) / 8;
    if (q.length != 1 + 2 * size || q[0] != 4) {
      throw new BadKey("ECDSA point must be uncompressed, " + (1 + 2 * size) + " bytes");
    }
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(q, 1, 1 + size));
    BigInteger y = new BigInteger(1, Arrays.copyOfRange(q, 1 + size, q.length));
    return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), params));
  }

  /** The JDK parameters of an SSH curve name ("nistp256", "nistp384", "nistp521"). */
  public static ECParameterSpec curveParams(String curve) throws GeneralSecurityException {
    String std = switch (curve) {
      case "nistp256" -> "secp256r1";
      case "nistp384" -> "secp384r1";
      case "nistp521" -> "secp521r1";
      default -> throw new BadKey("unsupported curve " + curve);
    };
    AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
    ap.init(new ECGenParameterSpec(std));
    return ap.getParameterSpec(ECParameterSpec.class);
  }

  /**
   * Verifies an SSH signature (string algorithm, string bytes) over {@code data} with the key in
   * {@code blob}. False for a wrong signature, a malformed one, or an algorithm that does not fit
   * the key; ssh-rsa (SHA-1) signatures are refused, as OpenSSH 8.8 does.
   */
  public static boolean verify(byte[] blob, byte[] data, byte[] signature) {
    try {
      if (signature.length > MAX_BLOB) {
        return false;
      }
      PublicKey key = decodePublicKey(blob);
      String keyType = keyType(blob);
      Reader r = new Reader(signature);
      String algorithm = r.string();
      byte[] sig = r.bytes();
      r.end();
      if (!algorithmMatchesKey(algorithm, keyType) || algorithm.equals("ssh-rsa")) {
        return false;
      }
      Signature verifier;
      byte[] jdkSig = sig;
      switch (algorithm) {
        case "ssh-ed25519" -> verifier = Signature.getInstance("Ed25519");
        case "rsa-sha2-256" -> verifier = Signature.getInstance("SHA256withRSA");
        case "rsa-sha2-512" -> verifier = Signature.getInstance("SHA512withRSA");
        case "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521" -> {
          verifier = Signature.getInstance(switch (algorithm) {
            case "ecdsa-sha2-nistp256" -> "SHA256withECDSA";
            case "ecdsa-sha2-nistp384" -> "SHA384withECDSA";
            default -> "SHA512withECDSA";
          });
          Reader rs = new Reader(sig);
          BigInteger rr = rs.mpint();
          BigInteger ss = rs.mpint();
          rs.end();
          jdkSig = derSignature(rr, ss);
        }
        default -> {
          return false;
        }
      }
      verifier.initVerify(key);
      verifier.update(data);
      return verifier.verify(jdkSig);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** ECDSA's (r, s) as the DER SEQUENCE the JDK verifies. */
  public static byte[] derSignature(BigInteger r, BigInteger s) {
    byte[] rb = r.toByteArray();
    byte[] sb = s.toByteArray();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    derInteger(body, rb);
    derInteger(body, sb);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    derLength(out, body.size());
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  private static void derInteger(ByteArrayOutputStream out, byte[] v) {
    out.write(0x02);
    derLength(out, v.length);
    out.writeBytes(v);
  }

  private static void derLength(ByteArrayOutputStream out, int len) {
    if (len < 0x80) {
      out.write(len);
    } else if (len < 0x100) {
      out.write(0x81);
      out.write(len);
    } else {
      out.write(0x82);
      out.write(len >> 8);
      out.write(len);
    }
  }

  /** A bounds-checked reader of SSH wire types (RFC 4251 5). */
  static final class Reader {
    private final byte[] b;
    private int pos;

    Reader(byte[] b) {
      this.b = b;
    }

    int uint32() throws BadKey {
      if (b.length - pos < 4) {
        throw new BadKey("truncated");
      }
      int v = ((b[pos] & 0xff) << 24) | ((b[pos + 1] & 0xff) << 16) | ((b[pos + 2] & 0xff) << 8)
          | (b[pos + 3] & 0xff);
      pos += 4;
      return v;
    }

    byte[] bytes() throws BadKey {
      int n = uint32();
      if (n < 0 || n > b.length - pos) {
        throw new BadKey("truncated");
      }
      byte[] v = Arrays.copyOfRange(b, pos, pos + n);
      pos += n;
      return v;
    }

    String string() throws BadKey {
      return new String(bytes(), StandardCharsets.US_ASCII);
    }

    BigInteger mpint() throws BadKey {
      byte[] v = bytes();
      return v.length == 0 ? BigInteger.ZERO : new BigInteger(v);
    }

    void end() throws BadKey {
      if (pos != b.length) {
        throw new BadKey("trailing bytes");
      }
    }
  }
}
