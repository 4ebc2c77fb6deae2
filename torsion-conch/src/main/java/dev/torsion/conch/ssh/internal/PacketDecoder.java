package dev.torsion.conch.ssh.internal;

import java.util.Arrays;

/**
 * Cuts received bytes into SSH packets and opens them: incremental (bytes may arrive split
 * anywhere), bounded (a packet's length is checked before its body is buffered, and at most one
 * packet plus what has arrived is held). The cipher can change between packets, at NEWKEYS,
 * so {@link #next} hands out one payload at a time.
 */
public final class PacketDecoder {
  private PacketCipher cipher = PacketCipher.none();
  private byte[] buf = new byte[256];
  private int start;
  private int end;
  private byte[] head;
  private int wireLength = -1;
  private int lastWireLength;
  private long seq;

  /** Appends received bytes. */
  public void feed(byte[] data, int off, int len) {
    if (end + len > buf.length) {
      System.arraycopy(buf, start, buf, 0, end - start);
      end -= start;
      start = 0;
      if (end + len > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, end + len));
      }
    }
    System.arraycopy(data, off, buf, end, len);
    end += len;
  }

  /** Bytes received and not yet consumed. */
  public int buffered() {
    return end - start;
  }

  /** The next packet's payload, or null until all of it has arrived. */
  public byte[] next() {
    if (wireLength < 0) {
      int h = cipher.headerSize();
      if (end - start < h) {
        return null;
      }
      head = Arrays.copyOfRange(buf, start, start + h);
      wireLength = cipher.wireLength(seq, head);
    }
    if (end - start < wireLength) {
      return null;
    }
    byte[] wire = Arrays.copyOfRange(buf, start, start + wireLength);
    lastWireLength = wireLength;
    start += wireLength;
    wireLength = -1;
    if (start == end) {
      start = end = 0;
      if (buf.length > 64 * 1024) {
        buf = new byte[256];
      }
    }
    byte[] payload = cipher.open(seq, wire);
    seq = (seq + 1) & 0xffffffffL;
    if (payload.length == 0) {
      throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "empty packet");
    }
    return payload;
  }

  /** The bytes on the wire (length, padding and MAC included) of the packet last returned. */
  public int lastWireLength() {
    return lastWireLength;
  }

  /** The sequence number of the packet last returned by {@link #next}. */
  public long lastSequence() {
    return (seq - 1) & 0xffffffffL;
  }

  public long sequence() {
    return seq;
  }

  /** Switches to new keys (at NEWKEYS); {@code resetSequence} under strict key exchange. */
  public void setCipher(PacketCipher cipher, boolean resetSequence) {
    this.cipher = cipher;
    if (resetSequence) {
      seq = 0;
    }
  }
}
