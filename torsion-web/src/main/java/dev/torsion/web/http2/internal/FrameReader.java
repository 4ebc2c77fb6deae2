package dev.torsion.web.http2.internal;

import static dev.torsion.web.http2.internal.Http2.*;

import java.io.ByteArrayOutputStream;

/**
 * Splits the bytes of an HTTP/2 connection into frames (RFC 9113 4.1) and checks everything a
 * frame says about itself: lengths, stream 0 or not, padding, the CONTINUATION sequence. What
 * depends on stream state is the listener's business. Incremental: bytes may arrive split
 * anywhere; a frame's payload is allocated only after its length passed the limit.
 *
 * <pre>
 * +-----------------------------------------------+
 * |                 Length (24)                   |
 * +---------------+---------------+---------------+
 * |   Type (8)    |   Flags (8)   |
 * +-+-------------+---------------+-------------------------------+
 * |R|                 Stream Identifier (31)                      |
 * +=+=============================================================+
 * |                   Frame Payload (0...)                      ...
 * +---------------------------------------------------------------+
 * </pre>
 *
 * <p>A header block (HEADERS or PUSH_PROMISE, then CONTINUATION until END_HEADERS) reaches the
 * listener whole, after its last fragment; any other frame in between is a PROTOCOL_ERROR
 * (6.10), and a block past {@code maxHeaderBlock} bytes or {@code maxContinuations} frames is
 * answered ENHANCE_YOUR_CALM, the defence against CONTINUATION floods.
 */
public final class FrameReader {
  /** What the frames say, in order. A thrown Http2Exception is the listener's verdict. */
  public interface Listener {
    void data(int streamId, boolean endStream, byte[] payload, int offset, int length,
        int flowLength) throws Http2Exception;

    /** {@code dependency} is -1 without the PRIORITY flag. */
    void headers(int streamId, boolean endStream, int dependency, boolean exclusive,
        byte[] block) throws Http2Exception;

    void priority(int streamId, int dependency, boolean exclusive) throws Http2Exception;

    void rstStream(int streamId, int errorCode) throws Http2Exception;

    /** Settings as identifier/value pairs; values are unsigned 32-bit. */
    void settings(boolean ack, int[] ids, long[] values) throws Http2Exception;

    void ping(boolean ack, long opaque) throws Http2Exception;

    void goAway(int lastStreamId, int errorCode, byte[] debug) throws Http2Exception;

    void windowUpdate(int streamId, int increment) throws Http2Exception;

    /** A stream error found in a frame (by this reader or the listener): answer RST_STREAM. */
    void streamError(Http2Exception e) throws Http2Exception;

    /** A frame of a type this side does not know (ignored by RFC 9113 4.1); for budgets. */
    default void unknownFrame(int type, int streamId, int length) throws Http2Exception {}
  }

  private static final byte[] EMPTY = new byte[0];

  private final Listener listener;
  private final int maxHeaderBlock;
  private final int maxContinuations;
  private int maxFrameSize;
  private int prefaceLeft;

  private final byte[] header = new byte[FRAME_HEADER_LENGTH];
  private int headerFill;
  private byte[] payload;
  private int payloadFill;
  private int length;
  private int type;
  private int flags;
  private int streamId;

  // A header block in progress: its stream, its HEADERS flags, and the fragments so far.
  private int blockStream;
  private boolean blockEndStream;
  private int blockDependency;
  private boolean blockExclusive;
  private ByteArrayOutputStream block;
  private int continuations;
  private boolean failed;

  /**
   * A reader delivering to {@code listener}; {@code expectPreface} for a server, which reads
   * the client's 24-byte preface first (RFC 9113 3.4).
   */
  public FrameReader(Listener listener, boolean expectPreface, int maxFrameSize,
      int maxHeaderBlock, int maxContinuations) {
    this.listener = listener;
    this.prefaceLeft = expectPreface ? PREFACE.length : 0;
    this.maxFrameSize = maxFrameSize;
    this.maxHeaderBlock = maxHeaderBlock;
    this.maxContinuations = maxContinuations;
  }

  /** True while a header block waits for its CONTINUATION frames. */
  public boolean inHeaderBlock() {
    return block != null;
  }

  /**
   * Reads {@code data}; a stream error goes to {@link Listener#streamError} and reading goes on,
   * a connection error is thrown, after which the reader is dead and reads nothing more.
   */
  public void feed(byte[] data, int offset, int len) throws Http2Exception {
    if (failed) {
      return;
    }
    try {
      int end = offset + len;
      int p = offset;
      while (prefaceLeft > 0 && p < end) {
        if (data[p++] != PREFACE[PREFACE.length - prefaceLeft]) {
          throw Http2Exception.connection(PROTOCOL_ERROR, "bad connection preface");
        }
        prefaceLeft--;
      }
      while (true) {
        if (headerFill < FRAME_HEADER_LENGTH) {
          if (p == end) {
            return;
          }
          int n = Math.min(FRAME_HEADER_LENGTH - headerFill, end - p);
          System.arraycopy(data, p, header, headerFill, n);
          headerFill += n;
          p += n;
          if (headerFill < FRAME_HEADER_LENGTH) {
            return;
          }
          startFrame();
          if (length == 0) {
            headerFill = 0;
            dispatch(EMPTY, 0);
            continue;
          }
          if (end - p >= length) {
            // The whole payload is here: deliver it from the input without copying.
            headerFill = 0;
            int at = p;
            p += length;
            dispatch(data, at);
            continue;
          }
          payload = new byte[length];
          payloadFill = 0;
        }
        if (p == end) {
          return;
        }
        int n = Math.min(length - payloadFill, end - p);
        System.arraycopy(data, p, payload, payloadFill, n);
        payloadFill += n;
        p += n;
        if (payloadFill == length) {
          byte[] complete = payload;
          payload = null;
          payloadFill = 0;
          headerFill = 0;
          dispatch(complete, 0);
        }
      }
    } catch (Http2Exception e) {
      failed = true;
      throw e;
    }
  }

  /** The SETTINGS_MAX_FRAME_SIZE this side announced, once the peer acknowledged it. */
  public void setMaxFrameSize(int size) {
    this.maxFrameSize = size;
  }

  private void startFrame() throws Http2Exception {
    length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
    type = header[3] & 0xff;
    flags = header[4] & 0xff;
    streamId = readInt(header, 5) & 0x7fffffff; // 4.1: the reserved bit is ignored
    if (length > maxFrameSize) {
      // 4.2: a connection error for frames that carry state; simplest and safe for all.
      throw Http2Exception.connection(FRAME_SIZE_ERROR,
          "frame of " + length + " bytes over SETTINGS_MAX_FRAME_SIZE " + maxFrameSize);
    }
    if (block != null && (type != CONTINUATION || streamId != blockStream)) {
      throw Http2Exception.connection(PROTOCOL_ERROR,
          "expected CONTINUATION for stream " + blockStream);
    }
  }

  private void dispatch(byte[] buf, int off) throws Http2Exception {
    try {
      dispatchFrame(buf, off);
    } catch (Http2Exception e) {
      if (e.isConnectionError()) {
        throw e;
      }
      listener.streamError(e);
    }
  }

  private void dispatchFrame(byte[] buf, int off) throws Http2Exception {
    switch (type) {
      case DATA -> onData(buf, off);
      case HEADERS -> onHeaders(buf, off);
      case PRIORITY -> onPriority(buf, off);
      case RST_STREAM -> onRstStream(buf, off);
      case SETTINGS -> onSettings(buf, off);
      case PUSH_PROMISE -> throw Http2Exception.connection(PROTOCOL_ERROR,
          "PUSH_PROMISE, though SETTINGS_ENABLE_PUSH is 0 (RFC 9113 8.4)");
      case PING -> onPing(buf, off);
      case GOAWAY -> onGoAway(buf, off);
      case WINDOW_UPDATE -> onWindowUpdate(buf, off);
      case CONTINUATION -> onContinuation(buf, off);
      default -> listener.unknownFrame(type, streamId, length);
    }
  }

  private void requireStream(String what) throws Http2Exception {
    if (streamId == 0) {
      throw Http2Exception.connection(PROTOCOL_ERROR, what + " on stream 0");
    }
  }

  private void requireConnection(String what) throws Http2Exception {
    if (streamId != 0) {
      throw Http2Exception.connection(PROTOCOL_ERROR, what + " on stream " + streamId);
    }
  }

  /** 6.1/6.2: the Pad Length octet, checked against what the frame holds after it. */
  private int padding(byte[] buf, int off, int fixed) throws Http2Exception {
    if ((flags & FLAG_PADDED) == 0) {
      return 0;
    }
    if (length < 1 + fixed) {
      throw Http2Exception.connection(FRAME_SIZE_ERROR, "padded frame too short");
    }
    int pad = buf[off] & 0xff;
    if (pad > length - 1 - fixed) {
      throw Http2Exception.connection(PROTOCOL_ERROR, "padding longer than the frame");
    }
    return pad;
  }

  //  +---------------+
  //  |Pad Length? (8)|
  //  +---------------+-----------------------------------------------+
  //  |                            Data (*)                         ...
  //  +---------------------------------------------------------------+
  //  |                           Padding (*)                       ...
  private void onData(byte[] buf, int off) throws Http2Exception {
    requireStream("DATA");
    int pad = padding(buf, off, 0);
    int start = (flags & FLAG_PADDED) != 0 ? 1 : 0;
    listener.data(streamId, (flags & FLAG_END_STREAM) != 0, buf, off + start,
        length - start - pad, length);
  }

  //  |Pad Length? (8)|
  //  |E|                 Stream Dependency? (31)                     |
  //  |  Weight? (8)  |
  //  |                   Field Block Fragment (*)                  ...
  //  |                           Padding (*)                       ...
  private void onHeaders(byte[] buf, int off) throws Http2Exception {
    requireStream("HEADERS");
    boolean prio = (flags & FLAG_PRIORITY) != 0;
    int fixed = prio ? 5 : 0;
    int pad = padding(buf, off, fixed);
    int p = off + ((flags & FLAG_PADDED) != 0 ? 1 : 0);
    if (length - (p - off) < fixed) {
      throw Http2Exception.connection(FRAME_SIZE_ERROR, "HEADERS too short for its priority");
    }
    blockDependency = -1;
    blockExclusive = false;
    if (prio) {
      int dep = readInt(buf, p);
      blockExclusive = dep < 0;
      blockDependency = dep & 0x7fffffff;
      p += 5;
    }
    int fragment = length - (p - off) - pad;
    blockStream = streamId;
    blockEndStream = (flags & FLAG_END_STREAM) != 0;
    continuations = 0;
    if ((flags & FLAG_END_HEADERS) != 0) {
      byte[] whole = new byte[fragment];
      System.arraycopy(buf, p, whole, 0, fragment);
      endBlock(whole);
      return;
    }
    block = new ByteArrayOutputStream(Math.max(64, fragment * 2));
    appendFragment(buf, p, fragment);
  }

  private void onContinuation(byte[] buf, int off) throws Http2Exception {
    requireStream("CONTINUATION");
    if (block == null) {
      throw Http2Exception.connection(PROTOCOL_ERROR, "CONTINUATION without a header block");
    }
    if (++continuations > maxContinuations) {
      throw Http2Exception.connection(ENHANCE_YOUR_CALM,
          "more than " + maxContinuations + " CONTINUATION frames in one header block");
    }
    appendFragment(buf, off, length);
    if ((flags & FLAG_END_HEADERS) != 0) {
      byte[] whole = block.toByteArray();
      block = null;
      endBlock(whole);
    }
  }

  private void appendFragment(byte[] buf, int off, int len) throws Http2Exception {
    if (block.size() + (long) len > maxHeaderBlock) {
      throw Http2Exception.connection(ENHANCE_YOUR_CALM,
          "header block over " + maxHeaderBlock + " bytes");
    }
    block.write(buf, off, len);
  }

  private void endBlock(byte[] whole) throws Http2Exception {
    listener.headers(blockStream, blockEndStream, blockDependency, blockExclusive, whole);
  }

  //  |E|                  Stream Dependency (31)                     |
  //  |   Weight (8)  |
  private void onPriority(byte[] buf, int off) throws Http2Exception {
    requireStream("PRIORITY");
    if (length != 5) {
      throw Http2Exception.stream(streamId, FRAME_SIZE_ERROR, "PRIORITY of " + length + " bytes");
    }
    int dep = readInt(buf, off);
    listener.priority(streamId, dep & 0x7fffffff, dep < 0);
  }

  private void onRstStream(byte[] buf, int off) throws Http2Exception {
    requireStream("RST_STREAM");
    if (length != 4) {
      throw Http2Exception.connection(FRAME_SIZE_ERROR, "RST_STREAM of " + length + " bytes");
    }
    listener.rstStream(streamId, readInt(buf, off));
  }

  //  |       Identifier (16)         |
  //  |                        Value (32)                             |   ... repeated
  private void onSettings(byte[] buf, int off) throws Http2Exception {
    requireConnection("SETTINGS");
    boolean ack = (flags & FLAG_ACK) != 0;
    if (ack && length != 0) {
      throw Http2Exception.connection(FRAME_SIZE_ERROR, "SETTINGS ACK with a payload");
    }
    if (length % 6 != 0) {
      throw Http2Exception.connection(FRAME_SIZE_ERROR, "SETTINGS of " + length + " bytes");
    }
    int n = length / 6;
    int[] ids = new int[n];
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      int p = off + 6 * i;
      ids[i] = ((buf[p] & 0xff) << 8) | (buf[p + 1] & 0xff);
      values[i] = readInt(buf, p + 2) & 0xffffffffL;
    }
    listener.settings(ack, ids, values);
  }

  private void onPing(byte[] buf, int off) throws Http2Exception {
    requireConnection("PING");
    if (length != 8) {
      throw Http2Exception.connection(FRAME_SIZE_ERROR, "PING of " + length + " bytes");
    }
    long opaque = ((readInt(buf, off) & 0xffffffffL) << 32) | (readInt(buf, off + 4) & 0xffffffffL);
    listener.ping((flags & FLAG_ACK) != 0, opaque);
  }

  //  |R|                  Last-Stream-ID (31)                        |
  //  |                      Error Code (32)                          |
  //  |                  Additional Debug Data (*)                    |
  private void onGoAway(byte[] buf, int off) throws Http2Exception {
    requireConnection("GOAWAY");
    if (length < 8) {
      throw Http2Exception.connection(FRAME_SIZE_ERROR, "GOAWAY of " + length + " bytes");
    }
    byte[] debug = new byte[length - 8];
    System.arraycopy(buf, off + 8, debug, 0, debug.length);
    listener.goAway(readInt(buf, off) & 0x7fffffff, readInt(buf, off + 4), debug);
  }

  private void onWindowUpdate(byte[] buf, int off) throws Http2Exception {
    if (length != 4) {
      throw Http2Exception.connection(FRAME_SIZE_ERROR, "WINDOW_UPDATE of " + length + " bytes");
    }
    listener.windowUpdate(streamId, readInt(buf, off) & 0x7fffffff);
  }

  private static int readInt(byte[] b, int p) {
    return ((b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8)
        | (b[p + 3] & 0xff);
  }
}
