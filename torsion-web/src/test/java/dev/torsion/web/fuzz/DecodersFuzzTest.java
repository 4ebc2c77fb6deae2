package dev.torsion.web.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.web.internal.DeflateStreamDecoder;
import dev.torsion.web.internal.GzipStreamDecoder;
import dev.torsion.web.internal.StreamDecoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.function.LongFunction;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The content-coding decoders (GzipStreamDecoder, DeflateStreamDecoder, and the CappedInflater
 * under both) under Jazzer. Only DecodeError escapes; no more than the cap is ever decoded; the
 * decoded bytes and the verdict do not depend on how the body is cut into pieces; a stream that
 * the JDK's encoder made decodes back to what it encoded, or is refused when that is more than
 * the cap; and bytes after the end of a stream are neither decoded nor kept. Deflate is also
 * checked against the JDK's InflaterInputStream on the same bytes. Seeds in
 * DecodersFuzzTestInputs/.
 */
class DecodersFuzzTest {
  private static final int CAP = 64 * 1024;

  /** What decoding gave: the bytes, whether the stream ended, or the refusal. */
  private record Decoded(byte[] out, boolean finished, boolean refused) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Decoded d && Arrays.equals(d.out, out) && d.finished == finished
          && d.refused == refused;
    }

    @Override
    public int hashCode() {
      return out.length;
    }
  }

  private static Decoded decode(StreamDecoder decoder, byte[] data, int[] splits, long cap) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      int from = 0;
      for (int i = 0; i <= splits.length; i++) {
        int to = i < splits.length ? splits[i] : data.length;
        out.writeBytes(decoder.decode(Arrays.copyOfRange(data, from, to)));
        assertThat((long) out.size()).isLessThanOrEqualTo(cap);
        from = to;
      }
    } catch (GzipStreamDecoder.DecodeError e) {
      return new Decoded(new byte[0], false, true);
    }
    return new Decoded(out.toByteArray(), decoder.isFinished(), false);
  }

  private static void splitAnywhereEqualsWhole(
      FuzzedDataProvider data, LongFunction<StreamDecoder> make) {
    int[] raw = Http1Run.rawSplits(data, 4);
    byte[] bytes = data.consumeRemainingAsBytes();
    Decoded whole = decode(make.apply(CAP), bytes, new int[0], CAP);
    Decoded split = decode(make.apply(CAP), bytes, Http1Run.clamp(raw, bytes.length), CAP);
    assertThat(split).isEqualTo(whole);
  }

  /** Bytes the JDK encoded decode back, or are refused when they decode past the cap. */
  private static void roundTrip(FuzzedDataProvider data, LongFunction<StreamDecoder> make,
      boolean gzip, boolean zlib) throws IOException {
    int cap = data.consumeInt(0, 8192);
    int junk = data.consumeInt(0, 3);
    int[] raw = Http1Run.rawSplits(data, 3);
    byte[] plain = data.consumeRemainingAsBytes();
    ByteArrayOutputStream coded = new ByteArrayOutputStream();
    try (var out = gzip ? new GZIPOutputStream(coded)
        : new DeflaterOutputStream(coded, new Deflater(Deflater.DEFAULT_COMPRESSION, !zlib))) {
      out.write(plain);
    }
    // Bytes after the end (another member, junk) are ignored, however many come.
    for (int i = 0; i < junk * 1000; i++) {
      coded.write(i);
    }
    byte[] bytes = coded.toByteArray();
    StreamDecoder decoder = make.apply(cap);
    Decoded d = decode(decoder, bytes, Http1Run.clamp(raw, bytes.length), cap);
    if (plain.length > cap) {
      assertThat(d.refused()).isTrue();
    } else if (!zlib && !gzip && plain.length > 0 && looksLikeZlib(bytes)) {
      // A raw deflate stream whose first two bytes happen to read as a zlib header is taken
      // for zlib, as browsers do; the verdict may then be anything but a wrong success.
      assertThat(d.refused() || Arrays.equals(d.out(), plain)).isTrue();
    } else {
      assertThat(d.refused()).isFalse();
      assertThat(d.out()).isEqualTo(plain);
      assertThat(d.finished()).isTrue();
    }
    if (junk > 0 && !d.refused()) {
      for (int i = 0; i < 200; i++) {
        try {
          assertThat(decoder.decode(new byte[512])).isEmpty();
        } catch (GzipStreamDecoder.DecodeError e) {
          throw new AssertionError("junk after the end refused", e);
        }
      }
      assertThat(buffered(decoder)).as("bytes kept after the end").isLessThanOrEqualTo(8);
    }
  }

  /**
   * The bytes a decoder holds in its ByteArrayOutputStream fields (gzip's header and trailer
   * buffers): white-box, since a buffer that grows with what follows the stream is the bug.
   */
  private static int buffered(StreamDecoder decoder) {
    int n = 0;
    for (Field f : decoder.getClass().getDeclaredFields()) {
      if (f.getType() == ByteArrayOutputStream.class) {
        try {
          f.setAccessible(true);
          n = Math.max(n, ((ByteArrayOutputStream) f.get(decoder)).size());
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    return n;
  }

  private static boolean looksLikeZlib(byte[] b) {
    int cmf = b[0] & 0xff;
    int flg = b[1] & 0xff;
    return (cmf & 0x0f) == 8 && (cmf * 256 + flg) % 31 == 0;
  }

  @FuzzTest(maxDuration = "20s")
  void gzip(FuzzedDataProvider data) {
    splitAnywhereEqualsWhole(data, GzipStreamDecoder::new);
  }

  @FuzzTest(maxDuration = "20s")
  void deflate(FuzzedDataProvider data) throws IOException {
    int[] raw = Http1Run.rawSplits(data, 4);
    byte[] bytes = data.consumeRemainingAsBytes();
    Decoded whole = decode(new DeflateStreamDecoder(CAP), bytes, new int[0], CAP);
    Decoded split = decode(new DeflateStreamDecoder(CAP), bytes, Http1Run.clamp(raw, bytes.length), CAP);
    assertThat(split).isEqualTo(whole);
    if (bytes.length < 2) {
      return;
    }
    if (looksLikeZlib(bytes) && (bytes[1] & 0x20) != 0) {
      // FDICT: the JDK's stream just stops at a preset dictionary; Torsion refuses the body
      // (once the 4-byte dictionary id is there) rather than drop the rest of it unseen.
      assertThat(whole.refused() || (bytes.length < 6 && !whole.finished())).isTrue();
      return;
    }
    // The JDK's own stream on the same bytes, in the same mode, as the oracle.
    byte[] oracle;
    try (var in = new InflaterInputStream(new ByteArrayInputStream(bytes),
        new Inflater(!looksLikeZlib(bytes)))) {
      oracle = in.readNBytes(CAP + 1);
    } catch (EOFException e) {
      assertThat(whole.finished()).as("finished where the JDK saw a truncated stream").isFalse();
      return;
    } catch (IOException e) {
      assertThat(whole.refused()).as("accepted what the JDK refuses: " + e).isTrue();
      return;
    }
    if (oracle.length > CAP) {
      assertThat(whole.refused()).isTrue();
    } else {
      assertThat(whole.refused()).isFalse();
      assertThat(whole.out()).isEqualTo(oracle);
      assertThat(whole.finished()).as("the JDK read a whole stream").isTrue();
    }
  }

  @FuzzTest(maxDuration = "20s")
  void gzipRoundTrip(FuzzedDataProvider data) throws IOException {
    roundTrip(data, GzipStreamDecoder::new, true, false);
  }

  @FuzzTest(maxDuration = "20s")
  void deflateRoundTrip(FuzzedDataProvider data) throws IOException {
    boolean zlib = data.consumeBoolean();
    roundTrip(data, DeflateStreamDecoder::new, false, zlib);
  }
}
