package dev.torsion.words.irc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.words.irc.internal.LineFramer;
import java.util.ArrayList;
import java.util.List;

/**
 * The parser and the framer under Jazzer: only IRCParseError escapes, parse then format then
 * parse gives the same message, the framer never holds more than its limit, and bytes split
 * anywhere frame exactly as the whole. Seeds in IRCMessageFuzzTestInputs/.
 */
class IRCMessageFuzzTest {
  @FuzzTest(maxDuration = "20s")
  void parseFormatParseIsStable(FuzzedDataProvider data) {
    String line = data.consumeRemainingAsString();
    IRCMessage m;
    try {
      m = IRCMessage.parse(line);
    } catch (IRCParseError e) {
      return; // the one declared error
    }
    String again = m.toString();
    assertThat(IRCMessage.parse(again)).isEqualTo(m);
    assertThat(IRCMessage.parse(again).toString()).isEqualTo(again);
    assertThat(m.params().size()).isLessThanOrEqualTo(IRCMessage.MAX_PARAMS);
  }

  @FuzzTest(maxDuration = "20s")
  void framingIsBoundedAndSplitAnywhereEqualsWhole(FuzzedDataProvider data) {
    int cut1 = data.consumeInt(0, 4096);
    int cut2 = data.consumeInt(0, 4096);
    byte[] bytes = data.consumeRemainingAsBytes();
    int a = Math.min(cut1, bytes.length);
    int b = Math.min(Math.max(a, cut2), bytes.length);

    List<String> whole = new ArrayList<>();
    LineFramer one = new LineFramer(64, 128);
    one.feed(bytes, sink(whole), () -> false);

    List<String> split = new ArrayList<>();
    LineFramer many = new LineFramer(64, 128);
    many.feed(java.util.Arrays.copyOfRange(bytes, 0, a), sink(split), () -> false);
    assertThat(many.buffered()).isLessThanOrEqualTo(64 + 1 + 128 + 1);
    many.feed(java.util.Arrays.copyOfRange(bytes, a, b), sink(split), () -> false);
    assertThat(many.buffered()).isLessThanOrEqualTo(64 + 1 + 128 + 1);
    many.feed(java.util.Arrays.copyOfRange(bytes, b, bytes.length), sink(split), () -> false);

    assertThat(split).isEqualTo(whole);
    assertThat(one.buffered()).isEqualTo(many.buffered());
    for (String line : whole) {
      try {
        IRCMessage.parse(line);
      } catch (IRCParseError e) {
        // declared; anything else fails the test
      }
    }
  }

  private static LineFramer.Sink sink(List<String> into) {
    return new LineFramer.Sink() {
      @Override public void line(String line) {
        into.add(line);
      }

      @Override public void tooLong() {
        into.add("\0too long");
      }
    };
  }
}
