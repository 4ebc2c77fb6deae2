package dev.torsion.conch.ssh.internal;

/** Seals payloads into packets for sending, counting the sequence number (RFC 4253 6.4). */
public final class PacketEncoder {
  private PacketCipher cipher = PacketCipher.none();
  private long seq;

  public byte[] encode(byte[] payload) {
    byte[] wire = cipher.seal(seq, payload);
    seq = (seq + 1) & 0xffffffffL;
    return wire;
  }

  public void setCipher(PacketCipher cipher, boolean resetSequence) {
    this.cipher = cipher;
    if (resetSequence) {
      seq = 0;
    }
  }
}
