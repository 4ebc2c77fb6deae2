package dev.torsion.cred;

import dev.torsion.cred.internal.Bcrypt;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * One-way password hashes in self-describing text forms, as a password file stores them: the
 * hash names its own algorithm and parameters, so a file may mix them and stronger settings can
 * be introduced without breaking old entries.
 *
 * <ul>
 *   <li>{@code $pbkdf2-sha256$ITERATIONS$SALT$HASH}: PBKDF2-HMAC-SHA256 with a 16-byte salt and a
 *       32-byte hash, salt and hash in passlib's "adapted base64" (standard base64 with {@code .}
 *       for {@code +}, no padding), so the lines read as passlib's and Python can check them.
 *   <li>{@code $2b$COST$SALTHASH}: bcrypt (also {@code $2a$} and {@code $2y$}), as OpenBSD's
 *       crypt(3), htpasswd -B and Python's bcrypt write it.
 * </ul>
 *
 * <pre>{@code
 * String stored = PasswordHash.bcrypt("s3cret", 12);   // "$2b$12$..."
 * boolean ok = PasswordHash.verify("s3cret", stored);  // slow on purpose: call it off the reactor
 * }</pre>
 */
public final class PasswordHash {
  private PasswordHash() {}

  /** PBKDF2 iterations for new hashes: OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
  public static final int DEFAULT_PBKDF2_ITERATIONS = 600_000;

  /** bcrypt cost for new hashes (2^12 rounds of the key schedule). */
  public static final int DEFAULT_BCRYPT_COST = 12;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

  /** A new PBKDF2-SHA256 hash of {@code password} with a random salt. */
  public static String pbkdf2(String password, int iterations) {
    if (iterations < 1000) {
      throw new IllegalArgumentException("PBKDF2 needs at least 1000 iterations, not " + iterations);
    }
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] hash = pbkdf2(password, salt, iterations, 32);
    return "$pbkdf2-sha256$" + iterations + "$" + ab64(salt) + "$" + ab64(hash);
  }

  /** A new bcrypt ({@code $2b$}) hash of {@code password} with a random salt. */
  public static String bcrypt(String password, int cost) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return Bcrypt.hash(password.getBytes(StandardCharsets.UTF_8), salt, cost, "2b");
  }

  /**
   * A hash of a random password with the same algorithm and cost as {@code stored}: what a
   * checker verifies an unknown user's password against, so that the answer takes as long as
   * for a known user.
   */
  public static String decoyLike(String stored) {
    Parsed p = parse(stored);
    byte[] random = new byte[18];
    RANDOM.nextBytes(random);
    String password = B64.encodeToString(random);
    return p.bcrypt ? bcrypt(password, p.cost) : pbkdf2(password, p.cost);
  }

  /** True when {@code stored} names a format this class reads. */
  public static boolean isSupported(String stored) {
    try {
      parse(stored);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Whether {@code password} hashes to {@code stored}, compared in constant time. A stored value
   * of no known format is an IllegalArgumentException (a broken password file, not a wrong
   * password).
   */
  public static boolean verify(String password, String stored) {
    Parsed p = parse(stored);
    byte[] pw = password.getBytes(StandardCharsets.UTF_8);
    if (p.bcrypt) {
      // Compare the 31-character hash only: a salt's last character has bits bcrypt ignores.
      String computed = Bcrypt.hash(pw, p.salt, p.cost, p.variant);
      return ConstantTime.equals(computed.substring(29), stored.substring(29));
    }
    byte[] hash = pbkdf2(password, p.salt, p.cost, p.hash.length);
    return ConstantTime.equals(hash, p.hash);
  }

  private record Parsed(boolean bcrypt, String variant, int cost, byte[] salt, byte[] hash) {}

  private static Parsed parse(String stored) {
    if (stored == null) {
      throw new IllegalArgumentException("no password hash");
    }
    String[] parts = stored.split("\\$", -1);
    if (parts.length == 5 && parts[0].isEmpty() && parts[1].equals("pbkdf2-sha256")) {
      int iterations = number(parts[2], 1000, 100_000_000);
      byte[] salt = unab64(parts[3]);
      byte[] hash = unab64(parts[4]);
      if (salt.length < 8 || hash.length < 16 || hash.length > 64) {
        throw new IllegalArgumentException("bad pbkdf2-sha256 hash");
      }
      return new Parsed(false, null, iterations, salt, hash);
    }
    if (parts.length == 4 && parts[0].isEmpty()
        && (parts[1].equals("2a") || parts[1].equals("2b") || parts[1].equals("2y"))
        && parts[2].length() == 2 && parts[3].length() == 53) {
      int cost = number(parts[2], 4, 31);
      byte[] salt = Bcrypt.decodeSalt(parts[3].substring(0, 22));
      return new Parsed(true, parts[1], cost, salt, null);
    }
    throw new IllegalArgumentException("not a $pbkdf2-sha256$ or $2b$ (bcrypt) hash");
  }

  private static int number(String s, int min, int max) {
    try {
      int n = Integer.parseInt(s);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("bad cost in password hash: " + s);
  }

  private static byte[] pbkdf2(String password, byte[] salt, int iterations, int length) {
    try {
      SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
      return f.generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, length * 8))
          .getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no PBKDF2WithHmacSHA256", e);
    }
  }

  private static String ab64(byte[] b) {
    return B64.encodeToString(b).replace('+', '.');
  }

  private static byte[] unab64(String s) {
    try {
      return Base64.getDecoder().decode(s.replace('.', '+'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad base64 in password hash");
    }
  }
}
