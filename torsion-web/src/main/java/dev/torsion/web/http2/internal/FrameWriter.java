package dev.torsion.web.http2.internal;

import static dev.torsion.web.http2.internal.Http2.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Encodes HTTP/2 frames (RFC 9113 6), each as one array ready for the transport. */
public final class FrameWriter {
  private FrameWriter() {}

  private static byte[] frame(int length, int type, int flags, int streamId) {
    byte[] f = new byte[FRAME_HEADER_LENGTH + length];
    f[0] = (byte) (length >>> 16);
    f[1] = (byte) (length >>> 8);
    f[2] = (byte) length;
    f[3] = (byte) type;
    f[4] = (byte) flags;
    putInt(f, 5, streamId & 0x7fffffff);
    return f;
  }

  private static void putInt(byte[] b, int p, int v) {
    b[p] = (byte) (v >>> 24);
    b[p + 1] = (byte) (v >>> 16);
    b[p + 2] = (byte) (v >>> 8);
    b[p + 3] = (byte) v;
  }

  public static byte[] settings(int[] ids, long[] values) {
    byte[] f = frame(6 * ids.length, SETTINGS, 0, 0);
    for (int i = 0; i < ids.length; i++) {
      int p = FRAME_HEADER_LENGTH + 6 * i;
      f[p] = (byte) (ids[i] >>> 8);
      f[p + 1] = (byte) ids[i];
      putInt(f, p + 2, (int) values[i]);
    }
    return f;
  }

  public static byte[] settingsAck() {
    return frame(0, SETTINGS, FLAG_ACK, 0);
  }

  public static byte[] ping(boolean ack, long opaque) {
    byte[] f = frame(8, PING, ack ? FLAG_ACK : 0, 0);
    putInt(f, FRAME_HEADER_LENGTH, (int) (opaque >>> 32));
    putInt(f, FRAME_HEADER_LENGTH + 4, (int) opaque);
    return f;
  }

  public static byte[] goAway(int lastStreamId, int errorCode, String debug) {
    byte[] d = debug == null ? new byte[0] : debug.getBytes(StandardCharsets.UTF_8);
    byte[] f = frame(8 + d.length, GOAWAY, 0, 0);
    putInt(f, FRAME_HEADER_LENGTH, lastStreamId);
    putInt(f, FRAME_HEADER_LENGTH + 4, errorCode);
    System.arraycopy(d, 0, f, FRAME_HEADER_LENGTH + 8, d.length);
    return f;
  }

  public static byte[] rstStream(int streamId, int errorCode) {
    byte[] f = frame(4, RST_STREAM, 0, streamId);
    putInt(f, FRAME_HEADER_LENGTH, errorCode);
    return f;
  }

  public static byte[] windowUpdate(int streamId, int increment) {
    byte[] f = frame(4, WINDOW_UPDATE, 0, streamId);
    putInt(f, FRAME_HEADER_LENGTH, increment);
    return f;
  }

  /** A header block as HEADERS and as many CONTINUATION frames as {@code maxFrameSize} needs. */
  public static List<byte[]> headers(int streamId, byte[] block, boolean endStream,
      int maxFrameSize) {
    List<byte[]> frames = new ArrayList<>(1);
    int p = 0;
    boolean first = true;
    do {
      int n = Math.min(maxFrameSize, block.length - p);
      boolean last = p + n == block.length;
      int flags = (last ? FLAG_END_HEADERS : 0) | (first && endStream ? FLAG_END_STREAM : 0);
      byte[] f = frame(n, first ? HEADERS : CONTINUATION, flags, streamId);
      System.arraycopy(block, p, f, FRAME_HEADER_LENGTH, n);
      frames.add(f);
      p += n;
      first = false;
    } while (p < block.length);
    return frames;
  }

  public static byte[] data(int streamId, byte[] data, int offset, int length, boolean endStream) {
    byte[] f = frame(length, DATA, endStream ? FLAG_END_STREAM : 0, streamId);
    System.arraycopy(data, offset, f, FRAME_HEADER_LENGTH, length);
    return f;
  }
}
