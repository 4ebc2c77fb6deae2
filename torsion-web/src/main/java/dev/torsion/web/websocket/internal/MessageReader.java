package dev.torsion.web.websocket.internal;

import dev.torsion.web.websocket.CloseCodes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Puts frames together into messages (RFC 6455 5.4): a data frame with FIN clear opens a message
 * that continuation frames extend until one has FIN set; control frames may come in between.
 * Text is validated as each fragment arrives ({@link Utf8Validator}), so bad UTF-8 fails at
 * once with 1007; the message size limit is checked before each fragment is kept, and on
 * inflated bytes as they are inflated, failing with 1009.
 *
 * <pre>
 *   no message ──TEXT/BINARY, FIN=0──▶ in message ──CONT, FIN=1──▶ deliver ──▶ no message
 *      │  └──TEXT/BINARY, FIN=1──▶ deliver          │ └─CONT, FIN=0 (append)
 *      └──CONT──▶ 1002                              └─TEXT/BINARY──▶ 1002
 *   PING / PONG / CLOSE: any time, never fragmented (checked by FrameParser)
 * </pre>
 */
public final class MessageReader implements FrameParser.Listener {
  /** What the reader finds. Returning false from any stops the parser after that frame. */
  public interface Sink {
    boolean textMessage(String message);

    boolean binaryMessage(byte[] message);

    boolean pingFrame(byte[] payload);

    boolean pongFrame(byte[] payload);

    /** A close frame: {@code code} 1005 when it had none. */
    boolean closeFrame(int code, String reason);
  }

  private final long maxMessageSize;
  private final PerMessageDeflate deflate;
  private final Sink sink;
  private final Utf8Validator utf8 = new Utf8Validator();
  private int messageOpcode = -1; // TEXT or BINARY while a message is open
  private boolean compressed;
  private Buffer message;

  /** A ByteArrayOutputStream whose bytes can be read in place, to validate what was appended. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer(int size) {
      super(size);
    }

    byte[] array() {
      return buf;
    }
  }

  public MessageReader(long maxMessageSize, PerMessageDeflate deflate, Sink sink) {
    this.maxMessageSize = maxMessageSize;
    this.deflate = deflate;
    this.sink = sink;
  }

  @Override
  public boolean frame(int opcode, boolean fin, boolean rsv1, byte[] payload)
      throws WebSocketProtocolError {
    switch (opcode) {
      case FrameParser.PING -> {
        return sink.pingFrame(payload);
      }
      case FrameParser.PONG -> {
        return sink.pongFrame(payload);
      }
      case FrameParser.CLOSE -> {
        return closePayload(payload);
      }
      case FrameParser.TEXT, FrameParser.BINARY -> {
        if (messageOpcode != -1) {
          throw new WebSocketProtocolError(1002, "new data frame while a fragmented message is open");
        }
        messageOpcode = opcode;
        compressed = rsv1;
        message = new Buffer(Math.min(payload.length, 64 * 1024));
        utf8.reset();
      }
      default -> { // CONTINUATION
        if (messageOpcode == -1) {
          throw new WebSocketProtocolError(1002, "continuation frame without a message to continue");
        }
      }
    }
    int before = message.size();
    if (compressed) {
      deflate.inflate(payload, fin, message, maxMessageSize);
    } else {
      if (message.size() + (long) payload.length > maxMessageSize) {
        throw new WebSocketProtocolError(1009, "message exceeds the limit of " + maxMessageSize
            + " bytes");
      }
      message.write(payload, 0, payload.length);
    }
    if (messageOpcode == FrameParser.TEXT) {
      if (!utf8.feed(message.array(), before, message.size() - before)
          || (fin && !utf8.isComplete())) {
        throw new WebSocketProtocolError(1007, "text message is not valid UTF-8");
      }
    }
    if (!fin) {
      return true;
    }
    int type = messageOpcode;
    byte[] whole = message.toByteArray();
    messageOpcode = -1;
    message = null;
    return type == FrameParser.TEXT ? sink.textMessage(new String(whole, StandardCharsets.UTF_8))
        : sink.binaryMessage(whole);
  }

  // RFC 6455 5.5.1: empty, or a 2-byte code then a UTF-8 reason.
  private boolean closePayload(byte[] payload) throws WebSocketProtocolError {
    if (payload.length == 0) {
      return sink.closeFrame(CloseCodes.NO_STATUS, "");
    }
    if (payload.length == 1) {
      throw new WebSocketProtocolError(1002, "close frame with a 1-byte payload");
    }
    int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
    if (!CloseCodes.isValidOnTheWire(code)) {
      throw new WebSocketProtocolError(1002, "invalid close code " + code);
    }
    Utf8Validator v = new Utf8Validator();
    if (!v.feed(payload, 2, payload.length - 2) || !v.isComplete()) {
      throw new WebSocketProtocolError(1007, "close reason is not valid UTF-8");
    }
    return sink.closeFrame(code, new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8));
  }
}
