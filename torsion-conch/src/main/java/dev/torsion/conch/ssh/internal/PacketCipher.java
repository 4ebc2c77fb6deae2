package dev.torsion.conch.ssh.internal;

import java.security.SecureRandom;

/**
 * One direction of the binary packet protocol (RFC 4253 6) under one cipher and MAC: seals a
 * payload into the bytes to send, and opens received packets, learning each one's length from
 * its first bytes. The sequence number is the caller's; it counts packets in that direction.
 *
 * <pre>
 *   uint32    packet_length   (encrypted, or in the clear for AEAD and -etm MACs)
 *   byte      padding_length
 *   byte[n1]  payload         n1 = packet_length - padding_length - 1
 *   byte[n2]  random padding  n2 >= 4, total aligned to the block size
 *   byte[m]   mac or tag
 * </pre>
 */
public abstract class PacketCipher {
  /** RFC 4253 6.1 asks for 35000; OpenSSH accepts 256 KB. Larger lengths are refused unread. */
  public static final int MAX_PACKET_LENGTH = 256 * 1024;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** How many bytes {@link #wireLength} needs to see. */
  public abstract int headerSize();

  /** The whole packet's size on the wire, from its first {@link #headerSize} bytes. */
  public abstract int wireLength(long seq, byte[] head);

  /** The payload of a whole packet, checking its MAC or tag. */
  public abstract byte[] open(long seq, byte[] wire);

  /** The bytes to send for {@code payload}. */
  public abstract byte[] seal(long seq, byte[] payload);

  /**
   * The clear packet: length, padding length, payload, padding. With {@code lengthCounted}
   * false (AEAD, -etm) the four length bytes are left out of the block alignment.
   */
  static byte[] frame(byte[] payload, int blockSize, boolean lengthCounted) {
    int unpadded = (lengthCounted ? 4 : 0) + 1 + payload.length;
    int pad = blockSize - (unpadded % blockSize);
    if (pad < 4) {
      pad += blockSize;
    }
    int packetLength = 1 + payload.length + pad;
    byte[] out = new byte[4 + packetLength];
    out[0] = (byte) (packetLength >>> 24);
    out[1] = (byte) (packetLength >>> 16);
    out[2] = (byte) (packetLength >>> 8);
    out[3] = (byte) packetLength;
    out[4] = (byte) pad;
    System.arraycopy(payload, 0, out, 5, payload.length);
    byte[] padding = new byte[pad];
    RANDOM.nextBytes(padding);
    System.arraycopy(padding, 0, out, 5 + payload.length, pad);
    return out;
  }

  static int uint32(byte[] b, int o) {
    return ((b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8)
        | (b[o + 3] & 0xff);
  }

  /** Checks a packet_length before anything is allocated for it. */
  static int checkLength(int packetLength, int blockSize, boolean lengthCounted) {
    if (packetLength < 5 || packetLength > MAX_PACKET_LENGTH) {
      throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR,
          "bad packet length " + Integer.toUnsignedString(packetLength));
    }
    if (((lengthCounted ? 4 : 0) + packetLength) % blockSize != 0) {
      throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR,
          "packet length " + packetLength + " not a multiple of the block size");
    }
    return packetLength;
  }

  /** The payload of a clear packet {@code [len][padlen][payload][padding]} at {@code off}. */
  static byte[] payload(byte[] clear, int off, int packetLength) {
    int pad = clear[off + 4] & 0xff;
    int n = packetLength - pad - 1;
    if (pad < 4 || n < 0) {
      throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "bad padding length " + pad);
    }
    return java.util.Arrays.copyOfRange(clear, off + 5, off + 5 + n);
  }

  /** No encryption, no MAC: the first key exchange. */
  public static PacketCipher none() {
    return new PacketCipher() {
      @Override
      public int headerSize() {
        return 4;
      }

      @Override
      public int wireLength(long seq, byte[] head) {
        return 4 + checkLength(uint32(head, 0), 8, true);
      }

      @Override
      public byte[] open(long seq, byte[] wire) {
        return payload(wire, 0, wire.length - 4);
      }

      @Override
      public byte[] seal(long seq, byte[] payload) {
        return frame(payload, 8, true);
      }
    };
  }
}
