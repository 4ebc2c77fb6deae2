package dev.torsion.web.http2.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * What one side wrote, read back frame by frame as short strings ("GOAWAY 11", "RST_STREAM 3 7",
 * "DATA 1 5 end"), for tests that check the frames an HTTP/2 connection answers with.
 */
class FrameLog implements FrameReader.Listener {
  final List<String> frames = new ArrayList<>();
  final List<byte[]> blocks = new ArrayList<>();
  /** Every DATA payload, in order. */
  final java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
  /** The values of every SETTINGS frame (not ACK) seen, the last one of each id winning. */
  final java.util.Map<Integer, Long> settings = new java.util.LinkedHashMap<>();
  private final FrameReader reader;

  /** {@code preface}: the bytes start with the client preface (reading what a client wrote). */
  FrameLog(boolean preface) {
    reader = new FrameReader(this, preface, Http2.MAX_MAX_FRAME_SIZE, 1 << 20, 1000);
  }

  /** Reads {@code bytes} (the whole output so far, once) and returns every frame seen. */
  List<String> read(byte[] bytes) throws Http2Exception {
    return read(bytes, 0);
  }

  /** Reads {@code bytes} from {@code offset} on (past an HTTP/1.1 head, say). */
  List<String> read(byte[] bytes, int offset) throws Http2Exception {
    reader.feed(bytes, offset, bytes.length - offset);
    return frames;
  }

  @Override public void data(int streamId, boolean endStream, byte[] payload, int offset,
      int length, int flowLength) {
    data.write(payload, offset, length);
    frames.add("DATA " + streamId + " " + length + (endStream ? " end" : ""));
  }

  @Override public void headers(int streamId, boolean endStream, int dependency,
      boolean exclusive, byte[] block) {
    frames.add("HEADERS " + streamId + (endStream ? " end" : ""));
    blocks.add(block);
  }

  @Override public void priority(int streamId, int dependency, boolean exclusive) {
    frames.add("PRIORITY " + streamId);
  }

  @Override public void rstStream(int streamId, int errorCode) {
    frames.add("RST_STREAM " + streamId + " " + errorCode);
  }

  @Override public void settings(boolean ack, int[] ids, long[] values) {
    for (int i = 0; i < ids.length && !ack; i++) {
      settings.put(ids[i], values[i]);
    }
    frames.add(ack ? "SETTINGS ACK" : "SETTINGS");
  }

  @Override public void ping(boolean ack, long opaque) {
    frames.add(ack ? "PING ACK" : "PING");
  }

  @Override public void goAway(int lastStreamId, int errorCode, byte[] debug) {
    frames.add("GOAWAY " + errorCode);
  }

  @Override public void windowUpdate(int streamId, int increment) {
    frames.add("WINDOW_UPDATE " + streamId + " " + increment);
  }

  @Override public void streamError(Http2Exception e) {
    frames.add("STREAM_ERROR " + e.streamId() + " " + e.code());
  }
}
