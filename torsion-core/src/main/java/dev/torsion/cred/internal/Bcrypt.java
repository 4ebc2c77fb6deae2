package dev.torsion.cred.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * bcrypt (Provos and Mazieres, "A Future-Adaptable Password Scheme", 1999): Blowfish whose key
 * schedule is run 2^cost times over the password and salt, then used to encrypt
 * "OrpheanBeholderScryDoubt" 64 times.
 *
 * <p>Blowfish starts from the fractional hexadecimal digits of pi (18 P-array words, then four
 * S-boxes of 256 words). Rather than carry a table of 1,042 constants, they are computed once,
 * on first use, from Machin's formula pi = 16 atan(1/5) - 4 atan(1/239) in fixed point; the
 * known first words (0x243F6A88, 0x85A308D3) are checked.
 */
public final class Bcrypt {
  private Bcrypt() {}

  private static final int P_WORDS = 18;
  private static final int S_WORDS = 1024;
  private static final int[] PI_WORDS = piWords(P_WORDS + S_WORDS);
  private static final byte[] MAGIC = "OrpheanBeholderScryDoubt".getBytes(StandardCharsets.US_ASCII);
  private static final char[] ALPHABET =
      "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final int[] INDEX = new int[128];

  static {
    java.util.Arrays.fill(INDEX, -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      INDEX[ALPHABET[i]] = i;
    }
  }

  /** "$2b$COST$" + 22 salt characters + 31 hash characters. */
  public static String hash(byte[] password, byte[] salt, int cost, String variant) {
    if (salt.length != 16) {
      throw new IllegalArgumentException("bcrypt salt must be 16 bytes");
    }
    if (cost < 4 || cost > 31) {
      throw new IllegalArgumentException("bcrypt cost must be 4 to 31, not " + cost);
    }
    // The key is the password with its NUL terminator, at most 72 bytes.
    int keyLength = Math.min(password.length + 1, 72);
    byte[] key = new byte[keyLength];
    System.arraycopy(password, 0, key, 0, Math.min(password.length, keyLength));

    int[] p = new int[P_WORDS];
    int[] s = new int[S_WORDS];
    System.arraycopy(PI_WORDS, 0, p, 0, P_WORDS);
    System.arraycopy(PI_WORDS, P_WORDS, s, 0, S_WORDS);
    expand(p, s, salt, key);
    long rounds = 1L << cost;
    for (long i = 0; i < rounds; i++) {
      expand(p, s, null, key);
      expand(p, s, null, salt);
    }
    int[] text = new int[6];
    for (int i = 0; i < 6; i++) {
      text[i] = word(MAGIC, new int[] {i * 4});
    }
    int[] lr = new int[2];
    for (int i = 0; i < 64; i++) {
      for (int j = 0; j < 6; j += 2) {
        lr[0] = text[j];
        lr[1] = text[j + 1];
        encipher(p, s, lr);
        text[j] = lr[0];
        text[j + 1] = lr[1];
      }
    }
    byte[] out = new byte[24];
    for (int i = 0; i < 6; i++) {
      out[i * 4] = (byte) (text[i] >>> 24);
      out[i * 4 + 1] = (byte) (text[i] >>> 16);
      out[i * 4 + 2] = (byte) (text[i] >>> 8);
      out[i * 4 + 3] = (byte) text[i];
    }
    StringBuilder sb = new StringBuilder(60);
    sb.append('$').append(variant).append('$');
    if (cost < 10) {
      sb.append('0');
    }
    sb.append(cost).append('$');
    encode(salt, 16, sb);
    encode(out, 23, sb); // bcrypt keeps 23 of the 24 bytes
    return sb.toString();
  }

  /** The 16 salt bytes of 22 bcrypt-base64 characters. */
  public static byte[] decodeSalt(String text) {
    byte[] out = new byte[16];
    int bits = 0;
    int acc = 0;
    int n = 0;
    for (int i = 0; i < text.length() && n < 16; i++) {
      char c = text.charAt(i);
      int v = c < 128 ? INDEX[c] : -1;
      if (v < 0) {
        throw new IllegalArgumentException("bad character in bcrypt salt");
      }
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[n++] = (byte) (acc >>> bits);
      }
    }
    if (n != 16) {
      throw new IllegalArgumentException("short bcrypt salt");
    }
    return out;
  }

  private static void encode(byte[] data, int length, StringBuilder sb) {
    int acc = 0;
    int bits = 0;
    for (int i = 0; i < length; i++) {
      acc = (acc << 8) | (data[i] & 0xff);
      bits += 8;
      while (bits >= 6) {
        bits -= 6;
        sb.append(ALPHABET[(acc >>> bits) & 0x3f]);
      }
    }
    if (bits > 0) {
      sb.append(ALPHABET[(acc << (6 - bits)) & 0x3f]);
    }
  }

  /** Blowfish's key expansion, with the salt mixed into each block when one is given. */
  private static void expand(int[] p, int[] s, byte[] salt, byte[] key) {
    int[] keyAt = {0};
    for (int i = 0; i < P_WORDS; i++) {
      p[i] ^= word(key, keyAt);
    }
    int[] saltAt = {0};
    int[] lr = {0, 0};
    for (int i = 0; i < P_WORDS; i += 2) {
      if (salt != null) {
        lr[0] ^= word(salt, saltAt);
        lr[1] ^= word(salt, saltAt);
      }
      encipher(p, s, lr);
      p[i] = lr[0];
      p[i + 1] = lr[1];
    }
    for (int i = 0; i < S_WORDS; i += 2) {
      if (salt != null) {
        lr[0] ^= word(salt, saltAt);
        lr[1] ^= word(salt, saltAt);
      }
      encipher(p, s, lr);
      s[i] = lr[0];
      s[i + 1] = lr[1];
    }
  }

  private static void encipher(int[] p, int[] s, int[] lr) {
    int l = lr[0] ^ p[0];
    int r = lr[1];
    for (int i = 1; i <= 16; i += 2) {
      r ^= f(s, l) ^ p[i];
      l ^= f(s, r) ^ p[i + 1];
    }
    lr[0] = r ^ p[17];
    lr[1] = l;
  }

  private static int f(int[] s, int x) {
    int h = s[x >>> 24] + s[0x100 | ((x >>> 16) & 0xff)];
    return (h ^ s[0x200 | ((x >>> 8) & 0xff)]) + s[0x300 | (x & 0xff)];
  }

  /** The next 4 bytes of {@code data}, cyclically, big-endian. */
  private static int word(byte[] data, int[] at) {
    int w = 0;
    for (int i = 0; i < 4; i++) {
      w = (w << 8) | (data[at[0]] & 0xff);
      at[0] = (at[0] + 1) % data.length;
    }
    return w;
  }

  /** The first {@code count} 32-bit words of pi's fractional part in binary. */
  static int[] piWords(int count) {
    int bits = count * 32;
    int guard = 64;
    BigInteger one = BigInteger.ONE.shiftLeft(bits + guard);
    BigInteger pi = atan(one, 5).shiftLeft(4).subtract(atan(one, 239).shiftLeft(2));
    BigInteger fraction = pi.subtract(BigInteger.valueOf(3).shiftLeft(bits + guard)).shiftRight(guard);
    int[] words = new int[count];
    for (int i = 0; i < count; i++) {
      words[i] = fraction.shiftRight(bits - 32 * (i + 1)).intValue();
    }
    if (words[0] != 0x243F6A88 || words[1] != 0x85A308D3) {
      throw new IllegalStateException("pi came out wrong");
    }
    return words;
  }

  private static BigInteger atan(BigInteger one, int x) {
    BigInteger x2 = BigInteger.valueOf((long) x * x);
    BigInteger term = one.divide(BigInteger.valueOf(x));
    BigInteger sum = term;
    for (int k = 1; term.signum() != 0; k++) {
      term = term.divide(x2);
      BigInteger t = term.divide(BigInteger.valueOf(2L * k + 1));
      sum = (k & 1) == 1 ? sum.subtract(t) : sum.add(t);
    }
    return sum;
  }
}
