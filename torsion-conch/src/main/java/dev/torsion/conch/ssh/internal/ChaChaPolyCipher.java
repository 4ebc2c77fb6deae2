package dev.torsion.conch.ssh.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * chacha20-poly1305@openssh.com (OpenSSH's PROTOCOL.chacha20poly1305). The 64-byte key is two
 * ChaCha20 keys: K_2 (the first 32 bytes) for the payload and the Poly1305 key, K_1 (the last 32)
 * for the length alone. The nonce is the packet's sequence number.
 *
 * <p>OpenSSH uses the original ChaCha20 (64-bit nonce, 64-bit block counter); the JDK's is the
 * IETF one (96-bit nonce, 32-bit counter). The two agree when the IETF nonce is four zero bytes
 * followed by the 64-bit sequence number: those zeros are the high half of the old counter.
 *
 * <pre>
 *   poly_key = ChaCha20(K_2, seq, counter 0)[0..32)
 *   wire     = ChaCha20(K_1, seq, 0) ^ length  ||  ChaCha20(K_2, seq, counter 1) ^ rest
 *              || Poly1305(poly_key, those bytes)
 * </pre>
 */
final class ChaChaPolyCipher extends PacketCipher {
  private final SecretKeySpec mainKey;
  private final SecretKeySpec headerKey;
  /*
   * One JDK Cipher per key: the JDK refuses to init a ChaCha20 Cipher twice in a row with the
   * same key and nonce, so each packet inits each of them exactly once (the sequence number
   * makes every nonce new), and the Poly1305 key comes out of the same pass as the payload.
   */
  private final Cipher mainCipher;
  private final Cipher headerCipher;
  /** The clear length bytes of the packet whose length {@link #wireLength} decrypted. */
  private byte[] clearLength;

  ChaChaPolyCipher(byte[] key64) {
    mainKey = new SecretKeySpec(Arrays.copyOfRange(key64, 0, 32), "ChaCha20");
    headerKey = new SecretKeySpec(Arrays.copyOfRange(key64, 32, 64), "ChaCha20");
    try {
      mainCipher = Cipher.getInstance("ChaCha20");
      headerCipher = Cipher.getInstance("ChaCha20");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no ChaCha20", e);
    }
  }

  /**
   * Stream XOR of {@code in} (DECRYPT_MODE: the JDK keeps ENCRYPT_MODE from ever repeating a
   * nonce, and the two are the same operation).
   */
  private static byte[] stream(Cipher c, SecretKeySpec key, long seq, byte[] in, int off,
      int len) {
    byte[] nonce = new byte[12];
    for (int i = 0; i < 8; i++) {
      nonce[4 + i] = (byte) (seq >>> (56 - 8 * i));
    }
    try {
      c.init(Cipher.DECRYPT_MODE, key, new ChaCha20ParameterSpec(nonce, 0));
      return c.doFinal(in, off, len);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Block 0 of K_2's stream is the Poly1305 key; blocks 1.. cover the packet after its length.
   * Returns {@code [64 bytes of block 0][in[off..off+len) XOR blocks 1..]}.
   */
  private byte[] mainStream(long seq, byte[] in, int off, int len) {
    byte[] buf = new byte[64 + len];
    System.arraycopy(in, off, buf, 64, len);
    return stream(mainCipher, mainKey, seq, buf, 0, buf.length);
  }

  @Override
  public int headerSize() {
    return 4;
  }

  @Override
  public int wireLength(long seq, byte[] head) {
    clearLength = stream(headerCipher, headerKey, seq, head, 0, 4);
    return 4 + checkLength(uint32(clearLength, 0), 8, false) + 16;
  }

  @Override
  public byte[] open(long seq, byte[] wire) {
    int body = wire.length - 16;
    byte[] main = mainStream(seq, wire, 4, body - 4);
    byte[] tag = Poly1305.mac(Arrays.copyOf(main, 32), wire, 0, body);
    if (!MessageDigest.isEqual(tag, Arrays.copyOfRange(wire, body, wire.length))) {
      throw new SSHProtocolError(SSHProtocolError.MAC_ERROR, "bad Poly1305 tag");
    }
    byte[] clear = new byte[body];
    System.arraycopy(clearLength, 0, clear, 0, 4);
    System.arraycopy(main, 64, clear, 4, body - 4);
    clearLength = null;
    return payload(clear, 0, body - 4);
  }

  @Override
  public byte[] seal(long seq, byte[] payload) {
    byte[] clear = frame(payload, 8, false);
    byte[] out = new byte[clear.length + 16];
    System.arraycopy(stream(headerCipher, headerKey, seq, clear, 0, 4), 0, out, 0, 4);
    byte[] main = mainStream(seq, clear, 4, clear.length - 4);
    System.arraycopy(main, 64, out, 4, clear.length - 4);
    byte[] tag = Poly1305.mac(Arrays.copyOf(main, 32), out, 0, clear.length);
    System.arraycopy(tag, 0, out, clear.length, 16);
    return out;
  }
}
