package dev.torsion.conch.ssh.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * aes128/192/256-ctr (RFC 4344) with hmac-sha2-256/512 (RFC 6668), in the classic
 * MAC-then-encrypt order (the MAC covers sequence number and clear packet) or OpenSSH's -etm
 * order (length in the clear, MAC over sequence number and ciphertext, checked before any
 * decryption).
 */
final class AesCtrHmacCipher extends PacketCipher {
  private final Cipher cipher;
  private final Mac mac;
  private final boolean etm;
  private final int macLength;
  /** Non-etm: the first block, decrypted to learn the length, kept for {@link #open}. */
  private byte[] firstBlock;

  AesCtrHmacCipher(int mode, byte[] key, byte[] iv, String macAlgorithm, byte[] macKey, boolean etm) {
    this.etm = etm;
    try {
      cipher = Cipher.getInstance("AES/CTR/NoPadding");
      cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
      mac = Mac.getInstance(macAlgorithm);
      mac.init(new SecretKeySpec(macKey, macAlgorithm));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    macLength = mac.getMacLength();
  }

  private byte[] macOf(long seq, byte[] data, int off, int len) {
    mac.update(new byte[] {(byte) (seq >>> 24), (byte) (seq >>> 16), (byte) (seq >>> 8), (byte) seq});
    mac.update(data, off, len);
    return mac.doFinal();
  }

  @Override
  public int headerSize() {
    return etm ? 4 : 16;
  }

  @Override
  public int wireLength(long seq, byte[] head) {
    if (etm) {
      return 4 + checkLength(uint32(head, 0), 16, false) + macLength;
    }
    firstBlock = cipher.update(head, 0, 16);
    return 4 + checkLength(uint32(firstBlock, 0), 16, true) + macLength;
  }

  @Override
  public byte[] open(long seq, byte[] wire) {
    int body = wire.length - macLength;
    byte[] tag = Arrays.copyOfRange(wire, body, wire.length);
    byte[] clear;
    if (etm) {
      if (!MessageDigest.isEqual(tag, macOf(seq, wire, 0, body))) {
        throw new SSHProtocolError(SSHProtocolError.MAC_ERROR, "bad MAC");
      }
      clear = new byte[body];
      System.arraycopy(wire, 0, clear, 0, 4);
      System.arraycopy(cipher.update(wire, 4, body - 4), 0, clear, 4, body - 4);
    } else {
      clear = new byte[body];
      System.arraycopy(firstBlock, 0, clear, 0, 16);
      if (body > 16) {
        System.arraycopy(cipher.update(wire, 16, body - 16), 0, clear, 16, body - 16);
      }
      firstBlock = null;
      if (!MessageDigest.isEqual(tag, macOf(seq, clear, 0, body))) {
        throw new SSHProtocolError(SSHProtocolError.MAC_ERROR, "bad MAC");
      }
    }
    return payload(clear, 0, body - 4);
  }

  @Override
  public byte[] seal(long seq, byte[] payload) {
    byte[] clear = frame(payload, 16, !etm);
    byte[] out = new byte[clear.length + macLength];
    if (etm) {
      System.arraycopy(clear, 0, out, 0, 4);
      System.arraycopy(cipher.update(clear, 4, clear.length - 4), 0, out, 4, clear.length - 4);
      System.arraycopy(macOf(seq, out, 0, clear.length), 0, out, clear.length, macLength);
    } else {
      byte[] tag = macOf(seq, clear, 0, clear.length);
      try {
        cipher.update(clear, 0, clear.length, out, 0);
      } catch (javax.crypto.ShortBufferException e) {
        throw new IllegalStateException(e);
      }
      System.arraycopy(tag, 0, out, clear.length, macLength);
    }
    return out;
  }
}
