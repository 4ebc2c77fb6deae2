package dev.torsion.protocols.amp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.protocols.amp.internal.BoxParser;
import dev.torsion.trial.StringTransport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The AMP box parser and the AMP protocol under Jazzer: only MalformedAmpBox escapes the parser,
 * bytes split anywhere parse as the whole, every parsed box re-serializes to itself, and no bytes
 * make the protocol throw. Seeds in AmpBoxFuzzTestInputs/.
 */
class AmpBoxFuzzTest {
  private static List<AmpBox> parse(byte[] bytes, int... cuts) {
    List<AmpBox> out = new ArrayList<>();
    BoxParser p = new BoxParser(out::add, 4096, 16);
    int from = 0;
    try {
      for (int cut : cuts) {
        p.feed(Arrays.copyOfRange(bytes, from, cut));
        from = cut;
      }
      p.feed(Arrays.copyOfRange(bytes, from, bytes.length));
    } catch (MalformedAmpBox e) {
      out.add(null);   // marks "failed here"
    }
    return out;
  }

  @FuzzTest(maxDuration = "20s")
  void splitAnywhereEqualsWholeAndBoxesRoundTrip(FuzzedDataProvider data) {
    int c1 = data.consumeInt(0, 1 << 16);
    int c2 = data.consumeInt(0, 1 << 16);
    byte[] bytes = data.consumeRemainingAsBytes();
    int a = Math.min(c1, bytes.length);
    int b = Math.min(Math.max(a, c2), bytes.length);
    List<AmpBox> whole = parse(bytes);
    assertThat(parse(bytes, a, b)).isEqualTo(whole);
    for (AmpBox box : whole) {
      if (box != null) {
        assertThat(box.size()).isLessThanOrEqualTo(16);
        assertThat(AmpBox.parse(box.serialize())).containsExactly(box);
      }
    }
  }

  @FuzzTest(maxDuration = "20s")
  void noBytesMakeTheProtocolThrow(FuzzedDataProvider data) {
    AMP server = MathCommands.server();
    StringTransport t = new StringTransport();
    server.makeConnection(t);
    while (data.remainingBytes() > 0) {
      server.dataReceived(data.consumeBytes(data.consumeInt(1, 64)));
    }
    if (!t.disconnecting) {
      AmpBox.parse(t.value());   // whatever it answered is whole, well-formed boxes
    }
  }
}
