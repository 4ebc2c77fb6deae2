package dev.torsion.internet.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Cuts a fuzzer's input into pieces at points the fuzzer picks, for split-anywhere harnesses. */
final class Splits {
  private Splits() {}

  /** Up to {@code max} cut points from the fuzzer, then the rest of its bytes cut there. */
  static List<byte[]> pieces(FuzzedDataProvider data, int max) {
    int n = data.consumeInt(0, max);
    int[] cuts = new int[n];
    for (int i = 0; i < n; i++) {
      cuts[i] = data.consumeInt(0, Integer.MAX_VALUE);
    }
    byte[] bytes = data.consumeRemainingAsBytes();
    for (int i = 0; i < n; i++) {
      cuts[i] = Math.floorMod(cuts[i], bytes.length + 1);
    }
    Arrays.sort(cuts);
    List<byte[]> out = new ArrayList<>();
    int from = 0;
    for (int cut : cuts) {
      out.add(Arrays.copyOfRange(bytes, from, cut));
      from = cut;
    }
    out.add(Arrays.copyOfRange(bytes, from, bytes.length));
    return out;
  }

  /** The pieces joined again. */
  static byte[] whole(List<byte[]> pieces) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    pieces.forEach(out::writeBytes);
    return out.toByteArray();
  }
}
