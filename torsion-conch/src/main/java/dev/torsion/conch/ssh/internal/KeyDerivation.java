package dev.torsion.conch.ssh.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * RFC 4253 7.2: each key is HASH(K || H || letter || session_id), extended by
 * HASH(K || H || K1 || K2 ...) until long enough. K is hashed as an mpint.
 */
public final class KeyDerivation {
  private final String hash;
  private final byte[] k;
  private final byte[] h;
  private final byte[] sessionId;

  public KeyDerivation(String hash, BigInteger k, byte[] h, byte[] sessionId) {
    this.hash = hash;
    this.k = new SSHWriter().writeMpint(k).toByteArray();
    this.h = h;
    this.sessionId = sessionId;
  }

  public byte[] derive(char letter, int length) {
    try {
      MessageDigest md = MessageDigest.getInstance(hash);
      md.update(k);
      md.update(h);
      md.update((byte) letter);
      md.update(sessionId);
      byte[] out = md.digest();
      while (out.length < length) {
        md.update(k);
        md.update(h);
        md.update(out);
        byte[] more = md.digest();
        byte[] joined = Arrays.copyOf(out, out.length + more.length);
        System.arraycopy(more, 0, joined, out.length, more.length);
        out = joined;
      }
      return Arrays.copyOf(out, length);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
