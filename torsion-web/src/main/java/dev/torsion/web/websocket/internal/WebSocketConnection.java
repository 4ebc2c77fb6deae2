package dev.torsion.web.websocket.internal;

import dev.torsion.internet.Address;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Producer;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ReactorTime;
import dev.torsion.web.websocket.CloseCodes;
import dev.torsion.web.websocket.WebSocketOptions;
import dev.torsion.web.websocket.WebSocketProtocol;
import dev.torsion.web.websocket.WebSocketTransport;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * One WebSocket over a byte transport, after the handshake: frames in ({@link FrameParser},
 * {@link MessageReader}) and out ({@link FrameWriter}), the close handshake, and flow control,
 * for a {@link WebSocketProtocol}. The same class serves both ends; a client masks what it
 * sends (RFC 6455 5.3) and expects the server not to, a server the other way round.
 *
 * <pre>
 *   OPEN ──close()──▶ CLOSE SENT ──peer's close──▶ CLOSED: server drops TCP; client waits for it
 *     │                  └──close timeout──▶ TCP aborted
 *     └──peer's close──▶ echo its code ──▶ CLOSED (as above)
 *     └──protocol error──▶ close frame with 1002/1007/1009 ──▶ TCP closed after it
 *   onClose(code, reason) once, when TCP is gone
 * </pre>
 *
 * <p>Reading pauses when the application pauses it ({@link #pauseProducing}): input already
 * read is kept, unparsed, and the transport stops reading, so a slow application holds at most
 * one read's worth of bytes plus the message being assembled.
 */
public final class WebSocketConnection extends Protocol implements WebSocketTransport,
    MessageReader.Sink {
  private final WebSocketProtocol handler;
  private final WebSocketOptions options;
  private final boolean client;
  private final PerMessageDeflate deflate;
  private final String subprotocol;
  private final String extensions;
  private final ReactorTime time;
  private final FrameParser parser;
  // 5.3: each client frame's masking key must be unpredictable; one generator per connection
  // (an int per frame) keeps connections from contending on a shared, synchronized one.
  private final SecureRandom maskKeys;

  private byte[] held; // input read and not yet parsed (paused, or stopped mid-read)
  private int heldStart;
  private boolean processing;
  private boolean readPaused;
  private boolean closeSent;
  private boolean closeReceived;
  private int closeCode = CloseCodes.ABNORMAL;
  private String closeReason = "connection lost without a close frame";
  private boolean failed;
  private DelayedCall closeTimer;

  /**
   * A connection for {@code handler}; {@code deflate} is the agreed permessage-deflate or
   * null, {@code subprotocol} and {@code extensions} what the handshake agreed (or null).
   */
  public WebSocketConnection(WebSocketProtocol handler, WebSocketOptions options, boolean client,
      PerMessageDeflate deflate, String subprotocol, String extensions, ReactorTime time) {
    this.handler = handler;
    this.options = options;
    this.client = client;
    this.deflate = deflate;
    this.subprotocol = subprotocol;
    this.extensions = extensions;
    this.time = time;
    this.parser = new FrameParser(!client, options.maxFrameSize(),
        new MessageReader(options.maxMessageSize(), deflate, this));
    parser.setRsv1Allowed(deflate != null);
    this.maskKeys = client ? new SecureRandom() : null;
  }

  @Override
  public void connectionMade() {
    handler.makeConnection(this);
  }

  // ---- input ---------------------------------------------------------------------------------

  @Override
  public void dataReceived(byte[] data) {
    if (closeReceived || failed || data.length == 0) {
      return; // 5.5.1: nothing is read after the peer's close frame
    }
    if (held == null) {
      held = data;
      heldStart = 0;
    } else {
      byte[] merged = Arrays.copyOfRange(held, heldStart, held.length + data.length);
      System.arraycopy(data, 0, merged, held.length - heldStart, data.length);
      held = merged;
      heldStart = 0;
    }
    processInput();
  }

  private void processInput() {
    if (processing) {
      return;
    }
    processing = true;
    try {
      while (held != null && !readPaused && !closeReceived && !failed) {
        byte[] buf = held;
        int start = heldStart;
        held = null;
        int used = parser.feed(buf, start, buf.length - start);
        if (start + used < buf.length && held == null) {
          held = buf;
          heldStart = start + used;
        }
      }
    } catch (WebSocketProtocolError e) {
      fail(e.code(), e.getMessage());
    } finally {
      processing = false;
    }
    if (closeReceived || failed) {
      held = null;
    }
  }

  // Messages still arrive after our close frame, until the peer's (7.1.2: it may have sent
  // them before it saw ours); they are real data, delivered as any other.
  @Override
  public boolean textMessage(String message) {
    handler.textMessageReceived(message);
    return !readPaused;
  }

  @Override
  public boolean binaryMessage(byte[] message) {
    handler.binaryMessageReceived(message);
    return !readPaused;
  }

  @Override
  public boolean pingFrame(byte[] payload) {
    if (!closeSent) {
      writeFrame(true, false, FrameParser.PONG, payload); // 5.5.2: a pong with the same data
      handler.onPing(payload);
    }
    return !readPaused;
  }

  @Override
  public boolean pongFrame(byte[] payload) {
    if (!closeSent) {
      handler.onPong(payload);
    }
    return !readPaused;
  }

  @Override
  public boolean closeFrame(int code, String reason) {
    closeReceived = true;
    closeCode = code;
    closeReason = reason;
    if (!closeSent) {
      // 5.5.1: answer with a close frame, echoing the code (none if the peer sent none).
      sendClose(code == CloseCodes.NO_STATUS ? -1 : code, "");
    }
    cancelCloseTimer();
    if (client) {
      // 7.1.1: the server closes TCP first; do it ourselves if it takes too long.
      closeTimer = time.callLater(options.closeTimeout(), transport::loseConnection);
    } else {
      transport.loseConnection();
    }
    return false;
  }

  /** 7.1.7 Fail the WebSocket Connection: a close frame with the code, then TCP closed. */
  private void fail(int code, String message) {
    failed = true;
    if (!closeSent) {
      closeCode = code;
      closeReason = message;
      sendClose(code, message);
    }
    cancelCloseTimer();
    transport.loseConnection();
  }

  // ---- output --------------------------------------------------------------------------------

  @Override
  public void sendText(String message) {
    sendMessage(FrameParser.TEXT, message.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void sendBinary(byte[] message) {
    sendMessage(FrameParser.BINARY, message);
  }

  private void sendMessage(int opcode, byte[] payload) {
    if (closeSent || !connected) {
      return; // 5.5.1: no data after our close frame
    }
    boolean compress = deflate != null;
    byte[] data = compress ? deflate.compress(payload) : payload;
    int fragment = options.outgoingFragmentSize();
    if (fragment == 0 || data.length <= fragment) {
      writeFrame(true, compress, opcode, data);
      return;
    }
    // 5.4: first frame with the opcode (and RSV1, RFC 7692 6.1), then continuations.
    for (int off = 0; off < data.length; off += fragment) {
      int n = Math.min(fragment, data.length - off);
      boolean first = off == 0;
      writeFrame(off + n == data.length, first && compress,
          first ? opcode : FrameParser.CONTINUATION, Arrays.copyOfRange(data, off, off + n));
    }
  }

  @Override
  public void ping(byte[] payload) {
    if (payload.length > 125) {
      throw new IllegalArgumentException("ping payload of " + payload.length
          + " bytes; at most 125 (RFC 6455 5.5)");
    }
    if (!closeSent && connected) {
      writeFrame(true, false, FrameParser.PING, payload);
    }
  }

  @Override
  public void close(int code, String reason) {
    byte[] r = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
    if (!CloseCodes.isValidOnTheWire(code) || r.length > 123) {
      throw new IllegalArgumentException("cannot close with code " + code + " and a reason of "
          + r.length + " bytes (7.4: 1000-1003, 1007-1014 or 3000-4999; reason at most 123)");
    }
    if (closeSent || !connected) {
      return;
    }
    sendClose(code, reason);
    closeTimer = time.callLater(options.closeTimeout(), () -> {
      closeTimer = null;
      transport.abortConnection(); // 7.1.1: the peer never answered
    });
  }

  /** Sends a close frame; {@code code} -1 for an empty one. Reasons are cut to fit 123 bytes. */
  private void sendClose(int code, String reason) {
    closeSent = true;
    if (code < 0) {
      writeFrame(true, false, FrameParser.CLOSE, new byte[0]);
      return;
    }
    byte[] r = reason.getBytes(StandardCharsets.UTF_8);
    if (r.length > 123) {
      r = truncate(reason);
    }
    byte[] payload = new byte[2 + r.length];
    payload[0] = (byte) (code >> 8);
    payload[1] = (byte) code;
    System.arraycopy(r, 0, payload, 2, r.length);
    writeFrame(true, false, FrameParser.CLOSE, payload);
  }

  private static byte[] truncate(String reason) {
    String s = reason;
    byte[] r = s.getBytes(StandardCharsets.UTF_8);
    while (r.length > 123) {
      s = s.substring(0, s.length() - 1);
      r = s.getBytes(StandardCharsets.UTF_8);
    }
    return r;
  }

  private void writeFrame(boolean fin, boolean rsv1, int opcode, byte[] payload) {
    if (client) {
      int key = maskKeys.nextInt();
      byte[] mask = {(byte) (key >>> 24), (byte) (key >>> 16), (byte) (key >>> 8), (byte) key};
      byte[] header = FrameWriter.header(fin, rsv1, opcode, payload.length, mask);
      transport.writeSequence(List.of(header, FrameWriter.masked(payload, 0, payload.length, mask)));
    } else {
      byte[] header = FrameWriter.header(fin, rsv1, opcode, payload.length, null);
      transport.writeSequence(payload.length == 0 ? List.of(header) : List.of(header, payload));
    }
  }

  // ---- flow control and the rest of the transport --------------------------------------------

  @Override
  public void pauseProducing() {
    if (!readPaused) {
      readPaused = true;
      transport.pauseProducing();
    }
  }

  @Override
  public void resumeProducing() {
    if (readPaused) {
      readPaused = false;
      transport.resumeProducing();
      processInput();
    }
  }

  @Override
  public void stopProducing() {
    transport.loseConnection();
  }

  @Override
  public void registerProducer(Producer producer, boolean streaming) {
    transport.registerProducer(producer, streaming);
  }

  @Override
  public void unregisterProducer() {
    transport.unregisterProducer();
  }

  @Override
  public long getWriteBufferSize() {
    return transport.getWriteBufferSize();
  }

  @Override
  public String getSubprotocol() {
    return subprotocol;
  }

  @Override
  public String getExtensions() {
    return extensions;
  }

  @Override
  public Address getPeer() {
    return transport.getPeer();
  }

  @Override
  public Address getHost() {
    return transport.getHost();
  }

  @Override
  public void abortConnection() {
    transport.abortConnection();
  }

  private void cancelCloseTimer() {
    if (closeTimer != null && closeTimer.active()) {
      closeTimer.cancel();
    }
    closeTimer = null;
  }

  @Override
  public void connectionLost(Failure reason) {
    cancelCloseTimer();
    held = null;
    if (deflate != null) {
      deflate.end();
    }
    handler.onClose(closeCode, closeReason);
  }
}
