package dev.torsion.cred;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Comparisons whose time does not depend on where two secrets first differ, so a client cannot
 * learn a password or a response a byte at a time by timing the server.
 *
 * <pre>{@code
 * if (ConstantTime.equals(expectedDigestHex, clientResponse)) { ... }
 * }</pre>
 */
public final class ConstantTime {
  private ConstantTime() {}

  /** Byte-wise equality in constant time ({@link MessageDigest#isEqual}); null equals only null. */
  public static boolean equals(byte[] a, byte[] b) {
    if (a == null || b == null) {
      return a == b;
    }
    return MessageDigest.isEqual(a, b);
  }

  /** {@link #equals(byte[], byte[])} on the strings' UTF-8 bytes. */
  public static boolean equals(String a, String b) {
    if (a == null || b == null) {
      return a == b;
    }
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
