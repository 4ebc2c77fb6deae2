package dev.torsion.conch.ssh.internal;

import java.math.BigInteger;

/**
 * The Poly1305 one-time authenticator (RFC 8439 2.5), which the JDK offers only inside its
 * IETF ChaCha20-Poly1305 AEAD; OpenSSH's chacha20-poly1305@openssh.com needs it alone. Written
 * with 26-bit limbs (five per 130-bit number) so a packet costs no allocation.
 */
public final class Poly1305 {
  private Poly1305() {}

  /** The 16-byte tag of {@code msg[off..off+len)} under the 32-byte one-time {@code key}. */
  public static byte[] mac(byte[] key, byte[] msg, int off, int len) {
    // r, clamped (RFC 8439 2.5.1), split into 26-bit limbs.
    long t0 = le32(key, 0), t1 = le32(key, 4), t2 = le32(key, 8), t3 = le32(key, 12);
    long r0 = t0 & 0x3ffffff;
    long r1 = ((t0 >>> 26) | (t1 << 6)) & 0x3ffff03;
    long r2 = ((t1 >>> 20) | (t2 << 12)) & 0x3ffc0ff;
    long r3 = ((t2 >>> 14) | (t3 << 18)) & 0x3f03fff;
    long r4 = (t3 >>> 8) & 0x00fffff;
    long s1 = r1 * 5, s2 = r2 * 5, s3 = r3 * 5, s4 = r4 * 5;
    long h0 = 0, h1 = 0, h2 = 0, h3 = 0, h4 = 0;
    byte[] block = new byte[16];
    int pos = off, stop = off + len;
    while (pos < stop) {
      int n = Math.min(16, stop - pos);
      long hibit;
      byte[] src;
      int so;
      if (n == 16) {
        src = msg;
        so = pos;
        hibit = 1L << 24;
      } else {
        java.util.Arrays.fill(block, (byte) 0);
        System.arraycopy(msg, pos, block, 0, n);
        block[n] = 1;
        src = block;
        so = 0;
        hibit = 0;
      }
      long m0 = le32(src, so), m1 = le32(src, so + 4), m2 = le32(src, so + 8), m3 = le32(src, so + 12);
      h0 += m0 & 0x3ffffff;
      h1 += ((m0 >>> 26) | (m1 << 6)) & 0x3ffffff;
      h2 += ((m1 >>> 20) | (m2 << 12)) & 0x3ffffff;
      h3 += ((m2 >>> 14) | (m3 << 18)) & 0x3ffffff;
      h4 += (m3 >>> 8) | hibit;
      // h *= r mod 2^130 - 5; 2^130 = 5 mod p, hence the s = 5r terms.
      long d0 = h0 * r0 + h1 * s4 + h2 * s3 + h3 * s2 + h4 * s1;
      long d1 = h0 * r1 + h1 * r0 + h2 * s4 + h3 * s3 + h4 * s2;
      long d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s4 + h4 * s3;
      long d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s4;
      long d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0;
      long c = d0 >>> 26; h0 = d0 & 0x3ffffff;
      d1 += c; c = d1 >>> 26; h1 = d1 & 0x3ffffff;
      d2 += c; c = d2 >>> 26; h2 = d2 & 0x3ffffff;
      d3 += c; c = d3 >>> 26; h3 = d3 & 0x3ffffff;
      d4 += c; c = d4 >>> 26; h4 = d4 & 0x3ffffff;
      h0 += c * 5; c = h0 >>> 26; h0 &= 0x3ffffff;
      h1 += c;
      pos += n;
    }
    // Full carry, then h mod p: compute h - p and keep it if it did not go negative.
    long c = h1 >>> 26; h1 &= 0x3ffffff;
    h2 += c; c = h2 >>> 26; h2 &= 0x3ffffff;
    h3 += c; c = h3 >>> 26; h3 &= 0x3ffffff;
    h4 += c; c = h4 >>> 26; h4 &= 0x3ffffff;
    h0 += c * 5; c = h0 >>> 26; h0 &= 0x3ffffff;
    h1 += c;
    long g0 = h0 + 5; c = g0 >>> 26; g0 &= 0x3ffffff;
    long g1 = h1 + c; c = g1 >>> 26; g1 &= 0x3ffffff;
    long g2 = h2 + c; c = g2 >>> 26; g2 &= 0x3ffffff;
    long g3 = h3 + c; c = g3 >>> 26; g3 &= 0x3ffffff;
    long g4 = h4 + c - (1L << 26);
    long mask = (g4 >> 63) ; // all ones when g4 < 0, i.e. h < p: keep h
    h0 = (h0 & mask) | (g0 & ~mask);
    h1 = (h1 & mask) | (g1 & ~mask);
    h2 = (h2 & mask) | (g2 & ~mask);
    h3 = (h3 & mask) | (g3 & ~mask);
    h4 = (h4 & mask) | (g4 & ~mask);
    // h as 128 bits, plus s.
    long w0 = (h0 | (h1 << 26)) & 0xffffffffL;
    long w1 = ((h1 >>> 6) | (h2 << 20)) & 0xffffffffL;
    long w2 = ((h2 >>> 12) | (h3 << 14)) & 0xffffffffL;
    long w3 = ((h3 >>> 18) | (h4 << 8)) & 0xffffffffL;
    long f = w0 + le32(key, 16); w0 = f & 0xffffffffL;
    f = w1 + le32(key, 20) + (f >>> 32); w1 = f & 0xffffffffL;
    f = w2 + le32(key, 24) + (f >>> 32); w2 = f & 0xffffffffL;
    f = w3 + le32(key, 28) + (f >>> 32); w3 = f & 0xffffffffL;
    byte[] tag = new byte[16];
    put32(tag, 0, w0);
    put32(tag, 4, w1);
    put32(tag, 8, w2);
    put32(tag, 12, w3);
    return tag;
  }

  /** The same tag computed the slow, obvious way, to test the limb code against. */
  static byte[] macReference(byte[] key, byte[] msg) {
    BigInteger p = BigInteger.ONE.shiftLeft(130).subtract(BigInteger.valueOf(5));
    BigInteger r = le(key, 0, 16).and(new BigInteger("0ffffffc0ffffffc0ffffffc0fffffff", 16));
    BigInteger s = le(key, 16, 16);
    BigInteger acc = BigInteger.ZERO;
    for (int i = 0; i < msg.length; i += 16) {
      int n = Math.min(16, msg.length - i);
      BigInteger block = le(msg, i, n).setBit(8 * n);
      acc = acc.add(block).multiply(r).mod(p);
    }
    acc = acc.add(s);
    byte[] tag = new byte[16];
    for (int i = 0; i < 16; i++) {
      tag[i] = acc.shiftRight(8 * i).byteValue();
    }
    return tag;
  }

  private static BigInteger le(byte[] b, int off, int n) {
    byte[] be = new byte[n];
    for (int i = 0; i < n; i++) {
      be[i] = b[off + n - 1 - i];
    }
    return new BigInteger(1, be);
  }

  private static long le32(byte[] b, int o) {
    return (b[o] & 0xffL) | ((b[o + 1] & 0xffL) << 8) | ((b[o + 2] & 0xffL) << 16)
        | ((b[o + 3] & 0xffL) << 24);
  }

  private static void put32(byte[] b, int o, long v) {
    b[o] = (byte) v;
    b[o + 1] = (byte) (v >>> 8);
    b[o + 2] = (byte) (v >>> 16);
    b[o + 3] = (byte) (v >>> 24);
  }
}
