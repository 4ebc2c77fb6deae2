package dev.torsion.conch.ssh.internal;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * aes128-gcm@openssh.com and aes256-gcm@openssh.com (RFC 5647): the length travels in the clear
 * as associated data; the 12-byte IV is a 4-byte fixed field and an 8-byte invocation counter
 * that goes up by one per packet (RFC 5647 7.1).
 */
final class AesGcmCipher extends PacketCipher {
  private final SecretKeySpec key;
  private final byte[] iv;
  private final Cipher cipher;

  AesGcmCipher(byte[] key, byte[] iv12) {
    this.key = new SecretKeySpec(key, "AES");
    this.iv = iv12.clone();
    try {
      cipher = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private void nextIv() {
    for (int i = 11; i >= 4; i--) {
      if (++iv[i] != 0) {
        break;
      }
    }
  }

  @Override
  public int headerSize() {
    return 4;
  }

  @Override
  public int wireLength(long seq, byte[] head) {
    return 4 + checkLength(uint32(head, 0), 16, false) + 16;
  }

  @Override
  public byte[] open(long seq, byte[] wire) {
    byte[] clear = new byte[wire.length - 16];
    System.arraycopy(wire, 0, clear, 0, 4);
    try {
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
      cipher.updateAAD(wire, 0, 4);
      cipher.doFinal(wire, 4, wire.length - 4, clear, 4);
    } catch (AEADBadTagException e) {
      throw new SSHProtocolError(SSHProtocolError.MAC_ERROR, "bad AES-GCM tag");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    nextIv();
    return payload(clear, 0, clear.length - 4);
  }

  @Override
  public byte[] seal(long seq, byte[] payload) {
    byte[] clear = frame(payload, 16, false);
    byte[] out = new byte[clear.length + 16];
    System.arraycopy(clear, 0, out, 0, 4);
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
      cipher.updateAAD(clear, 0, 4);
      cipher.doFinal(clear, 4, clear.length - 4, out, 4);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    nextIv();
    return out;
  }
}
