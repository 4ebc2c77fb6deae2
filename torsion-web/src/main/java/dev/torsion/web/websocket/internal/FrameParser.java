package dev.torsion.web.websocket.internal;

import java.util.Arrays;

/**
 * Reads WebSocket frames (RFC 6455 5.2) from bytes split anywhere, checking what a single frame
 * can get wrong: reserved bits, opcodes, masking, control-frame rules, and the frame size limit
 * (checked on the header, before a byte of payload is kept). Each whole frame goes to the
 * {@link Listener}, unmasked; putting frames together into messages is {@link MessageReader}'s.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-------+-+-------------+-------------------------------+
 *  |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 *  |I|S|S|S|  (4)  |A|     (7)     |    (16 if len 126, 64 if 127) |
 *  |N|V|V|V|       |S|             |                               |
 *  | |1|2|3|       |K|             |                               |
 *  +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 *  |     Extended payload length continued, if 127                 |
 *  + - - - - - - - - - - - - - - - +-------------------------------+
 *  |                               | Masking-key, if MASK set      |
 *  +-------------------------------+-------------------------------+
 *  | Masking-key (continued)       |          Payload Data         |
 *  +-------------------------------- - - - - - - - - - - - - - - - +
 *
 *   HEAD (2) ──▶ LENGTH (0, 2 or 8) ──▶ MASK (0 or 4) ──▶ PAYLOAD (len) ──▶ frame() ──▶ HEAD
 * </pre>
 */
public final class FrameParser {
  /** Receives whole frames. */
  public interface Listener {
    /**
     * One frame, payload unmasked (the array is the listener's). Returns false to stop the
     * parser after this frame (it resumes on the next {@link #feed}).
     */
    boolean frame(int opcode, boolean fin, boolean rsv1, byte[] payload)
        throws WebSocketProtocolError;
  }

  public static final int CONTINUATION = 0x0;
  public static final int TEXT = 0x1;
  public static final int BINARY = 0x2;
  public static final int CLOSE = 0x8;
  public static final int PING = 0x9;
  public static final int PONG = 0xA;

  private static final int FIRST_ALLOCATION = 16 * 1024;

  private enum State { HEAD, LENGTH, MASK, PAYLOAD, FAILED }

  private final boolean expectMasked;
  private final long maxFramePayload;
  private final Listener listener;
  private boolean rsv1Allowed;

  private State state = State.HEAD;
  private final byte[] head = new byte[8];
  private int headHave;
  private int headNeed = 2;
  private int opcode;
  private boolean fin;
  private boolean rsv1;
  private boolean masked;
  private long length;
  private final byte[] mask = new byte[4];
  private byte[] payload;
  private int payloadHave;

  /**
   * {@code expectMasked}: true on a server (client frames must be masked, 5.1), false on a
   * client (server frames must not be). Frames with more payload than {@code maxFramePayload}
   * fail with 1009.
   */
  public FrameParser(boolean expectMasked, long maxFramePayload, Listener listener) {
    this.expectMasked = expectMasked;
    this.maxFramePayload = maxFramePayload;
    this.listener = listener;
  }

  /** RSV1 is permessage-deflate's "compressed" bit (RFC 7692 6); allowed once negotiated. */
  public void setRsv1Allowed(boolean allowed) {
    this.rsv1Allowed = allowed;
  }

  /**
   * Parses what it can of {@code data[offset, offset+length)}; returns how many bytes it used:
   * all of them unless the listener stopped it. After an error nothing more is parsed.
   */
  public int feed(byte[] data, int offset, int length) throws WebSocketProtocolError {
    int pos = offset;
    int end = offset + length;
    // An empty payload completes without a byte more: the loop runs once more for it.
    while (pos < end || (state == State.PAYLOAD && payloadHave == this.length)) {
      switch (state) {
        case HEAD -> {
          pos = fillHead(data, pos, end);
          if (headHave == 2) {
            readFirstTwo();
          }
        }
        case LENGTH -> {
          pos = fillHead(data, pos, end);
          if (headHave == headNeed) {
            readLength();
          }
        }
        case MASK -> {
          pos = fillHead(data, pos, end);
          if (headHave == headNeed) {
            System.arraycopy(head, 0, mask, 0, 4);
            startPayload();
          }
        }
        case PAYLOAD -> {
          int n = (int) Math.min(this.length - payloadHave, end - pos);
          if (payloadHave + n > payload.length) {
            payload = Arrays.copyOf(payload, (int) Math.min(this.length,
                Math.max((long) payload.length * 2, payloadHave + n)));
          }
          System.arraycopy(data, pos, payload, payloadHave, n);
          payloadHave += n;
          pos += n;
          if (payloadHave == this.length) {
            if (!deliver()) {
              return pos - offset;
            }
          }
        }
        case FAILED -> {
          return end - offset;
        }
      }
    }
    return pos - offset;
  }

  private int fillHead(byte[] data, int pos, int end) {
    int n = Math.min(headNeed - headHave, end - pos);
    System.arraycopy(data, pos, head, headHave, n);
    headHave += n;
    return pos + n;
  }

  private void readFirstTwo() throws WebSocketProtocolError {
    int b0 = head[0] & 0xFF;
    int b1 = head[1] & 0xFF;
    fin = (b0 & 0x80) != 0;
    rsv1 = (b0 & 0x40) != 0;
    opcode = b0 & 0x0F;
    masked = (b1 & 0x80) != 0;
    int len7 = b1 & 0x7F;
    // 5.2: RSV2 and RSV3 mean nothing without an extension that defines them; we have none.
    if ((b0 & 0x30) != 0) {
      throw fail(1002, "reserved bits RSV2/RSV3 set without an extension defining them");
    }
    boolean control = (opcode & 0x08) != 0;
    if (opcode != CONTINUATION && opcode != TEXT && opcode != BINARY && opcode != CLOSE
        && opcode != PING && opcode != PONG) {
      throw fail(1002, "reserved opcode 0x" + Integer.toHexString(opcode));
    }
    // RFC 7692 6.1: RSV1 marks the first frame of a compressed message; never control frames
    // nor continuations.
    if (rsv1 && (!rsv1Allowed || control || opcode == CONTINUATION)) {
      throw fail(1002, "RSV1 set " + (rsv1Allowed ? "on a " + (control ? "control" : "continuation")
          + " frame" : "without permessage-deflate"));
    }
    if (masked != expectMasked) {
      throw fail(1002, expectMasked ? "client frame not masked (RFC 6455 5.1)"
          : "server frame masked (RFC 6455 5.1)");
    }
    if (control) {
      // 5.5: control frames carry at most 125 bytes and are never fragmented.
      if (!fin) {
        throw fail(1002, "fragmented control frame");
      }
      if (len7 > 125) {
        throw fail(1002, "control frame longer than 125 bytes");
      }
    }
    if (len7 < 126) {
      setLength(len7);
    } else {
      state = State.LENGTH;
      headHave = 0;
      headNeed = len7 == 126 ? 2 : 8;
    }
  }

  private void readLength() throws WebSocketProtocolError {
    long n = 0;
    for (int i = 0; i < headNeed; i++) {
      n = (n << 8) | (head[i] & 0xFF);
    }
    if (n < 0) {
      throw fail(1002, "64-bit payload length with its most significant bit set (5.2)");
    }
    setLength(n);
  }

  private void setLength(long n) throws WebSocketProtocolError {
    if (n > maxFramePayload) {
      throw fail(1009, "frame of " + n + " bytes exceeds the limit of " + maxFramePayload);
    }
    length = n;
    if (masked) {
      state = State.MASK;
      headHave = 0;
      headNeed = 4;
    } else {
      startPayload();
    }
  }

  private void startPayload() {
    state = State.PAYLOAD;
    // Grown as bytes arrive: a header promising a large frame costs nothing until it is sent.
    payload = new byte[(int) Math.min(length, FIRST_ALLOCATION)];
    payloadHave = 0;
  }

  private boolean deliver() throws WebSocketProtocolError {
    byte[] p = payload.length == length ? payload : Arrays.copyOf(payload, (int) length);
    if (masked) {
      for (int i = 0; i < p.length; i++) {
        p[i] ^= mask[i & 3];
      }
    }
    payload = null;
    state = State.HEAD;
    headHave = 0;
    headNeed = 2;
    try {
      return listener.frame(opcode, fin, rsv1, p);
    } catch (WebSocketProtocolError e) {
      state = State.FAILED;
      throw e;
    }
  }

  private WebSocketProtocolError fail(int code, String message) {
    state = State.FAILED;
    return new WebSocketProtocolError(code, message);
  }

  /** True between frames (nothing of a frame buffered). */
  public boolean isBetweenFrames() {
    return state == State.HEAD && headHave == 0;
  }
}
