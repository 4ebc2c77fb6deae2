package dev.torsion.cred.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Lower-case hex digests and HMACs for the challenge-response credentials. */
public final class Hex {
  private Hex() {}

  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  public static String of(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = DIGITS[bytes[i] & 0xf];
    }
    return new String(out);
  }

  /** The hex digest of {@code text}'s UTF-8 bytes with {@code algorithm} ("MD5", "SHA-256"). */
  public static String digest(String algorithm, String text) {
    try {
      return of(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no " + algorithm + " in this JDK", e);
    }
  }

  /** The hex HMAC-MD5 of {@code data} under {@code key} (both UTF-8). */
  public static String hmacMd5(String key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacMD5");
      byte[] k = key.getBytes(StandardCharsets.UTF_8);
      // RFC 2104: an empty key is still a key; the JDK refuses a zero-length SecretKeySpec.
      mac.init(new SecretKeySpec(k.length == 0 ? new byte[1] : k, "HmacMD5"));
      return of(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no HmacMD5 in this JDK", e);
    }
  }
}
