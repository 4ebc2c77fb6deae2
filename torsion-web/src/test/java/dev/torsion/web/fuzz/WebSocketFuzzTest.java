package dev.torsion.web.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.web.websocket.internal.FrameParser;
import dev.torsion.web.websocket.internal.FrameWriter;
import dev.torsion.web.websocket.internal.MessageReader;
import dev.torsion.web.websocket.internal.PerMessageDeflate;
import dev.torsion.web.websocket.internal.Utf8Validator;
import dev.torsion.web.websocket.internal.WebSocketProtocolError;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * WebSocket's parsers under Jazzer, in either role (a server expects masked frames, a client
 * unmasked ones), with or without permessage-deflate: FrameParser and MessageReader fed the way
 * WebSocketConnection feeds them (re-fed after a listener stops them, nothing after a close).
 * Only WebSocketProtocolError escapes, with 1002, 1007 or 1009; no frame payload passes the
 * frame limit, no message the message limit (inflated bytes included), no control payload 125
 * bytes; the same frames, messages and error come whole or cut anywhere; frames written again
 * with FrameWriter read the same; and the incremental Utf8Validator agrees with the JDK's
 * decoder on every input, however it is cut. Seeds in WebSocketFuzzTestInputs/.
 */
class WebSocketFuzzTest {
  private static final Set<Integer> DECLARED_CODES = Set.of(1002, 1007, 1009);

  /** What a parse saw: frames and messages as text, frames written again, the error code. */
  private record Read(List<String> events, byte[] again, int error) {}

  private record Setup(boolean server, boolean deflate, int maxFrame, int maxMessage) {}

  private static Read read(byte[] data, int[] splits, Setup s) {
    List<String> events = new ArrayList<>();
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    HexFormat hex = HexFormat.of();
    boolean[] closed = {false};
    MessageReader.Sink sink = new MessageReader.Sink() {
      @Override
      public boolean textMessage(String message) {
        byte[] utf8 = message.getBytes(StandardCharsets.UTF_8);
        assertThat(utf8.length).isLessThanOrEqualTo(s.maxMessage());
        events.add("text " + hex.formatHex(utf8));
        return true;
      }

      @Override
      public boolean binaryMessage(byte[] message) {
        assertThat(message.length).isLessThanOrEqualTo(s.maxMessage());
        events.add("binary " + hex.formatHex(message));
        return true;
      }

      @Override
      public boolean pingFrame(byte[] payload) {
        events.add("ping " + hex.formatHex(payload));
        return true;
      }

      @Override
      public boolean pongFrame(byte[] payload) {
        events.add("pong " + hex.formatHex(payload));
        return false; // stops the parser, as a paused application does: it is fed the rest again
      }

      @Override
      public boolean closeFrame(int code, String reason) {
        events.add("close " + code + " " + reason);
        closed[0] = true;
        return false;
      }
    };
    PerMessageDeflate deflate = !s.deflate() ? null : s.server()
        ? PerMessageDeflate.accept(List.of("permessage-deflate"), false)
        : PerMessageDeflate.fromResponse(List.of("permessage-deflate"));
    MessageReader messages = new MessageReader(s.maxMessage(), deflate, sink);
    byte[] mask = {0x12, 0x34, 0x56, 0x78};
    FrameParser parser = new FrameParser(s.server(), s.maxFrame(), (opcode, fin, rsv1, payload) -> {
      assertThat(payload.length).isLessThanOrEqualTo(s.maxFrame());
      if (opcode >= FrameParser.CLOSE) {
        assertThat(payload.length).isLessThanOrEqualTo(125);
        assertThat(fin).isTrue();
      }
      events.add("frame " + opcode + " " + fin + " " + rsv1 + " " + payload.length);
      byte[] m = s.server() ? mask : null;
      again.writeBytes(FrameWriter.header(fin, rsv1, opcode, payload.length, m));
      again.writeBytes(m == null ? payload : FrameWriter.masked(payload, 0, payload.length, m));
      return messages.frame(opcode, fin, rsv1, payload);
    });
    parser.setRsv1Allowed(s.deflate());
    int error = -1;
    try {
      int from = 0;
      for (int i = 0; i <= splits.length && !closed[0]; i++) {
        int to = i < splits.length ? splits[i] : data.length;
        while (from < to && !closed[0]) {
          int used = parser.feed(data, from, to - from);
          assertThat(used).isBetween(0, to - from);
          from += used;
        }
        from = Math.max(from, to);
      }
    } catch (WebSocketProtocolError e) {
      assertThat(DECLARED_CODES).contains(e.code());
      error = e.code();
    } finally {
      if (deflate != null) {
        deflate.end();
      }
    }
    return new Read(events, again.toByteArray(), error);
  }

  @FuzzTest(maxDuration = "20s")
  void frames(FuzzedDataProvider data) {
    int[] raw = Http1Run.rawSplits(data, 4);
    Setup setup = new Setup(data.consumeBoolean(), data.consumeBoolean(),
        data.consumeInt(1, 4096), data.consumeInt(1, 8192));
    byte[] bytes = data.consumeRemainingAsBytes();
    Read whole = read(bytes, new int[0], setup);
    Read split = read(bytes, Http1Run.clamp(raw, bytes.length), setup);
    assertThat(split.events()).isEqualTo(whole.events());
    assertThat(split.error()).isEqualTo(whole.error());
    // The frames read, written again by FrameWriter, read the same (a compressed message's
    // inflater state is fresh again, so the deflate stream repeats exactly).
    Read again = read(whole.again(), new int[0], setup);
    assertThat(again.events()).isEqualTo(whole.events());
    // A frame refused on its header never reached the copy; one refused as a message did.
    assertThat(again.error()).isIn(whole.error(), -1);
  }

  @FuzzTest(maxDuration = "20s")
  void utf8(FuzzedDataProvider data) {
    int[] raw = Http1Run.rawSplits(data, 6);
    byte[] bytes = data.consumeRemainingAsBytes();
    int[] splits = Http1Run.clamp(raw, bytes.length);
    Utf8Validator v = new Utf8Validator();
    boolean ok = true;
    int from = 0;
    for (int i = 0; i <= splits.length && ok; i++) {
      int to = i < splits.length ? splits[i] : bytes.length;
      ok = v.feed(bytes, from, to - from);
      if (!ok) {
        // Caught where it arrives: the bytes up to this piece are no prefix of valid UTF-8.
        assertThat(someCompletionValid(bytes, to)).isFalse();
      }
      from = to;
    }
    boolean validator = ok && v.isComplete();
    assertThat(validator).as(HexFormat.of().formatHex(bytes))
        .isEqualTo(jdkAccepts(bytes, bytes.length));
  }

  /**
   * Whether some continuation makes {@code bytes[0, length)} valid UTF-8 for the JDK. Not the
   * JDK's own incremental decoding, which waits on a cut "ED A0" where Unicode's table already
   * refuses it (a finding of this harness, kept as surrogate-lead-cut-where-the-jdk-waits). Only
   * the first continuation byte's range depends on the lead byte, so varying it over 80..BF
   * and padding with 80 tries every case.
   */
  private static boolean someCompletionValid(byte[] bytes, int length) {
    for (int extra = 0; extra <= 3; extra++) {
      for (int first = 0x80; first <= (extra == 0 ? 0x80 : 0xBF); first++) {
        byte[] b = java.util.Arrays.copyOf(bytes, length + extra);
        for (int i = 0; i < extra; i++) {
          b[length + i] = (byte) (i == 0 ? first : 0x80);
        }
        if (jdkAccepts(b, b.length)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether the JDK's strict decoder takes {@code bytes[0, length)}. */
  private static boolean jdkAccepts(byte[] bytes, int length) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, length));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
