package dev.torsion.web.websocket.internal;

/**
 * Encodes frame headers (the layout drawn on {@link FrameParser}) and masks client payloads.
 * A server's frame goes out as header + the caller's payload array, uncopied; a client's payload
 * is copied once, masked (RFC 6455 5.3).
 */
public final class FrameWriter {
  private FrameWriter() {}

  /** The header of a frame of {@code length} bytes; {@code mask} null for an unmasked one. */
  public static byte[] header(boolean fin, boolean rsv1, int opcode, long length, byte[] mask) {
    int lenBytes = length < 126 ? 0 : length <= 0xFFFF ? 2 : 8;
    byte[] h = new byte[2 + lenBytes + (mask == null ? 0 : 4)];
    h[0] = (byte) ((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode);
    int maskBit = mask == null ? 0 : 0x80;
    if (lenBytes == 0) {
      h[1] = (byte) (maskBit | length);
    } else {
      h[1] = (byte) (maskBit | (lenBytes == 2 ? 126 : 127));
      for (int i = 0; i < lenBytes; i++) {
        h[2 + i] = (byte) (length >>> (8 * (lenBytes - 1 - i)));
      }
    }
    if (mask != null) {
      System.arraycopy(mask, 0, h, 2 + lenBytes, 4);
    }
    return h;
  }

  /** A masked copy of {@code data[offset, offset+length)}. */
  public static byte[] masked(byte[] data, int offset, int length, byte[] mask) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = (byte) (data[offset + i] ^ mask[i & 3]);
    }
    return out;
  }
}
