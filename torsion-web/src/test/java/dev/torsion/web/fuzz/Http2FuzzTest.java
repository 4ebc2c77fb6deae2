package dev.torsion.web.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.web.http2.internal.FrameReader;
import dev.torsion.web.http2.internal.FrameWriter;
import dev.torsion.web.http2.internal.HpackDecoder;
import dev.torsion.web.http2.internal.HpackEncoder;
import dev.torsion.web.http2.internal.HpackException;
import dev.torsion.web.http2.internal.Http2Exception;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * HTTP/2's parsers under Jazzer: the FrameReader (a server's, preface first) and the
 * HpackDecoder. Only Http2Exception escapes the reader and HpackException the decoder; no
 * frame payload is larger than SETTINGS_MAX_FRAME_SIZE, no header block than its limit, no
 * decoded string than the HPACK string limit; the reader reports the same frames and the same
 * error whether the bytes come whole or cut anywhere; and frames or header blocks re-encoded
 * with FrameWriter and HpackEncoder read back the same. Seeds in Http2FuzzTestInputs/.
 */
class Http2FuzzTest {
  private static final int MAX_FRAME = 16384;
  private static final int MAX_BLOCK = 8192;
  private static final int MAX_CONTINUATIONS = 4;
  private static final int MAX_STRING = 1024;

  /** What a reader saw: frames as text, re-encoded frames, and the connection error's code. */
  private record Read(List<String> events, byte[] again, int error) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Read r && r.events.equals(events) && r.error == error;
    }

    @Override
    public int hashCode() {
      return events.hashCode();
    }
  }

  /**
   * A GOAWAY carrying these debug bytes exactly. FrameWriter takes the debug data as text and
   * writes it in UTF-8, which is right for what Torsion sends but cannot say a peer's opaque
   * bytes (a lone 0xa0 came back as c2 a0: a fuzzer finding in the harness, kept as the seed
   * goaway-debug-not-utf8), so the bytes go after FrameWriter's header and the length is set.
   */
  private static byte[] goAwayFrame(int lastStreamId, int errorCode, byte[] debug) {
    byte[] empty = FrameWriter.goAway(lastStreamId, errorCode, "");
    byte[] f = Arrays.copyOf(empty, empty.length + debug.length);
    System.arraycopy(debug, 0, f, empty.length, debug.length);
    int length = 8 + debug.length;
    f[0] = (byte) (length >>> 16);
    f[1] = (byte) (length >>> 8);
    f[2] = (byte) length;
    return f;
  }

  private static Read read(byte[] data, int[] splits, boolean preface) {
    List<String> events = new ArrayList<>();
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    HexFormat hex = HexFormat.of();
    FrameReader.Listener listener = new FrameReader.Listener() {
      @Override
      public void data(int streamId, boolean endStream, byte[] payload, int offset, int length,
          int flowLength) {
        assertThat(length).isBetween(0, flowLength);
        assertThat(flowLength).isLessThanOrEqualTo(MAX_FRAME);
        assertThat(streamId).isPositive();
        events.add("DATA " + streamId + " " + endStream + " "
            + hex.formatHex(payload, offset, offset + length));
        again.writeBytes(FrameWriter.data(streamId, payload, offset, length, endStream));
      }

      @Override
      public void headers(int streamId, boolean endStream, int dependency, boolean exclusive,
          byte[] block) {
        assertThat(block.length).isLessThanOrEqualTo(MAX_BLOCK);
        events.add("HEADERS " + streamId + " " + endStream + " " + hex.formatHex(block));
        for (byte[] f : FrameWriter.headers(streamId, block, endStream, MAX_FRAME)) {
          again.writeBytes(f);
        }
      }

      @Override
      public void priority(int streamId, int dependency, boolean exclusive) {
        events.add("PRIORITY " + streamId + " " + dependency + " " + exclusive);
      }

      @Override
      public void rstStream(int streamId, int errorCode) {
        events.add("RST_STREAM " + streamId + " " + errorCode);
        again.writeBytes(FrameWriter.rstStream(streamId, errorCode));
      }

      @Override
      public void settings(boolean ack, int[] ids, long[] values) {
        events.add("SETTINGS " + ack + " " + Arrays.toString(ids) + Arrays.toString(values));
        again.writeBytes(ack ? FrameWriter.settingsAck() : FrameWriter.settings(ids, values));
      }

      @Override
      public void ping(boolean ack, long opaque) {
        events.add("PING " + ack + " " + opaque);
        again.writeBytes(FrameWriter.ping(ack, opaque));
      }

      @Override
      public void goAway(int lastStreamId, int errorCode, byte[] debug) {
        events.add("GOAWAY " + lastStreamId + " " + errorCode + " " + hex.formatHex(debug));
        again.writeBytes(goAwayFrame(lastStreamId, errorCode, debug));
      }

      @Override
      public void windowUpdate(int streamId, int increment) {
        events.add("WINDOW_UPDATE " + streamId + " " + increment);
        again.writeBytes(FrameWriter.windowUpdate(streamId, increment));
      }

      @Override
      public void streamError(Http2Exception e) {
        assertThat(e.isConnectionError()).isFalse();
        events.add("stream error " + e.streamId() + " " + e.code());
      }

      @Override
      public void unknownFrame(int type, int streamId, int length) {
        assertThat(length).isLessThanOrEqualTo(MAX_FRAME);
        events.add("unknown " + type + " " + streamId + " " + length);
      }
    };
    FrameReader reader = new FrameReader(listener, preface, MAX_FRAME, MAX_BLOCK, MAX_CONTINUATIONS);
    int error = -1;
    try {
      int from = 0;
      for (int i = 0; i <= splits.length; i++) {
        int to = i < splits.length ? splits[i] : data.length;
        reader.feed(data, from, to - from);
        from = to;
      }
    } catch (Http2Exception e) {
      assertThat(e.isConnectionError()).isTrue();
      error = e.code();
    }
    return new Read(events, again.toByteArray(), error);
  }

  @FuzzTest(maxDuration = "20s")
  void frames(FuzzedDataProvider data) {
    int[] raw = Http1Run.rawSplits(data, 4);
    boolean preface = data.consumeBoolean();
    byte[] bytes = data.consumeRemainingAsBytes();
    Read whole = read(bytes, new int[0], preface);
    Read split = read(bytes, Http1Run.clamp(raw, bytes.length), preface);
    assertThat(split).isEqualTo(whole);
    // What was read, written again by FrameWriter (no padding, no priority), reads the same.
    Read again = read(whole.again(), new int[0], false);
    assertThat(again.error()).isEqualTo(-1);
    assertThat(again.events()).isEqualTo(whole.events().stream()
        .filter(e -> !e.startsWith("PRIORITY") && !e.startsWith("unknown")
            && !e.startsWith("stream error"))
        .toList());
  }

  private static List<String> decode(HpackDecoder decoder, byte[] block) throws HpackException {
    List<String> fields = new ArrayList<>();
    decoder.decode(block, 0, block.length, (name, value) -> {
      assertThat(name.length()).isLessThanOrEqualTo(MAX_STRING);
      assertThat(value.length()).isLessThanOrEqualTo(MAX_STRING);
      fields.add(name);
      fields.add(value);
    });
    return fields;
  }

  /** Several header blocks through one decoder, since its dynamic table spans them. */
  @FuzzTest(maxDuration = "20s")
  void hpack(FuzzedDataProvider data) {
    HpackDecoder decoder = new HpackDecoder(4096, MAX_STRING);
    int blocks = data.consumeInt(1, 8);
    for (int i = 0; i < blocks && data.remainingBytes() > 0; i++) {
      byte[] block = i == blocks - 1 ? data.consumeRemainingAsBytes()
          : data.consumeBytes(data.consumeInt(0, 4096));
      List<String> fields;
      try {
        fields = decode(decoder, block);
      } catch (HpackException e) {
        return; // COMPRESSION_ERROR: the connection ends, the decoder is not used again
      }
      HpackEncoder encoder = new HpackEncoder();
      for (int f = 0; f < fields.size(); f += 2) {
        encoder.header(fields.get(f), fields.get(f + 1));
      }
      try {
        assertThat(decode(new HpackDecoder(4096, MAX_STRING), encoder.take())).isEqualTo(fields);
      } catch (HpackException e) {
        throw new AssertionError("our own encoding refused", e);
      }
    }
  }
}
