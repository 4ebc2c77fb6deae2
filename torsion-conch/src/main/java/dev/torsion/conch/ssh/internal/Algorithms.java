package dev.torsion.conch.ssh.internal;

import java.util.List;
import javax.crypto.Cipher;

/** The cipher and MAC names we speak, their key sizes, and how to build a {@link PacketCipher}. */
public final class Algorithms {
  private Algorithms() {}

  public static final List<String> CIPHERS = List.of(
      "chacha20-poly1305@openssh.com", "aes128-gcm@openssh.com", "aes256-gcm@openssh.com",
      "aes128-ctr", "aes192-ctr", "aes256-ctr");

  public static final List<String> MACS = List.of(
      "hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com", "hmac-sha2-256",
      "hmac-sha2-512");

  /** AEAD ciphers carry their own tag, so the negotiated MAC is not used (PROTOCOL, RFC 5647). */
  public static boolean isAead(String cipher) {
    return cipher.equals("chacha20-poly1305@openssh.com") || cipher.endsWith("-gcm@openssh.com");
  }

  public static int keyLength(String cipher) {
    return switch (cipher) {
      case "chacha20-poly1305@openssh.com" -> 64;
      case "aes128-gcm@openssh.com", "aes128-ctr" -> 16;
      case "aes192-ctr" -> 24;
      case "aes256-gcm@openssh.com", "aes256-ctr" -> 32;
      default -> throw new IllegalArgumentException(cipher);
    };
  }

  public static int ivLength(String cipher) {
    return switch (cipher) {
      case "chacha20-poly1305@openssh.com" -> 0;
      case "aes128-gcm@openssh.com", "aes256-gcm@openssh.com" -> 12;
      default -> 16;
    };
  }

  public static int macKeyLength(String mac) {
    return mac.startsWith("hmac-sha2-512") ? 64 : 32;
  }

  private static String jdkMac(String mac) {
    return mac.startsWith("hmac-sha2-512") ? "HmacSHA512" : "HmacSHA256";
  }

  /** A cipher for one direction; {@code sending} picks encryption or decryption. */
  public static PacketCipher create(
      String cipher, String mac, byte[] key, byte[] iv, byte[] macKey, boolean sending) {
    return switch (cipher) {
      case "chacha20-poly1305@openssh.com" -> new ChaChaPolyCipher(key);
      case "aes128-gcm@openssh.com", "aes256-gcm@openssh.com" -> new AesGcmCipher(key, iv);
      default -> new AesCtrHmacCipher(sending ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE,
          key, iv, jdkMac(mac), macKey, mac.endsWith("-etm@openssh.com"));
    };
  }
}
