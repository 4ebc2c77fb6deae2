package dev.torsion.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.trial.StringTransport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The stream framings under Jazzer (issue 21): LineReceiver, NetstringReceiver and
 * Int32StringReceiver deliver the same messages, and give up on the same input, whether the
 * bytes come whole or split at any point; nothing but their own refusal (a closed connection)
 * happens, and no delivered message is longer than the limit. Seeds in FramingFuzzTestInputs/.
 */
class FramingFuzzTest {
  private static final int LIMIT = 64;

  /** What a receiver did with some bytes: the messages it delivered, and whether it hung up. */
  private record Outcome(List<String> messages, boolean closed) {}

  private static Outcome feed(Function<List<String>, dev.torsion.internet.Protocol> make,
      byte[] data, int split) {
    List<String> got = new ArrayList<>();
    dev.torsion.internet.Protocol p = make.apply(got);
    StringTransport t = new StringTransport();
    p.makeConnection(t);
    if (split < 0) {
      p.dataReceived(data);
    } else {
      p.dataReceived(Arrays.copyOfRange(data, 0, split));
      if (!t.disconnecting) {
        p.dataReceived(Arrays.copyOfRange(data, split, data.length));
      }
    }
    return new Outcome(got, t.disconnecting);
  }

  private static void splitAnywhereEqualsWhole(FuzzedDataProvider data,
      Function<List<String>, dev.torsion.internet.Protocol> make) {
    int split = data.consumeInt(0, 1 << 16);
    byte[] bytes = data.consumeRemainingAsBytes();
    split = Math.min(split, bytes.length);
    Outcome whole = feed(make, bytes, -1);
    Outcome parts = feed(make, bytes, split);
    if (!whole.closed() && !parts.closed()) {
      assertThat(parts.messages()).isEqualTo(whole.messages());
    } else {
      // Once it hangs up it reads no more: the split run may stop earlier, never disagree.
      assertThat(whole.closed()).isEqualTo(parts.closed());
      List<String> shorter = whole.messages().size() <= parts.messages().size()
          ? whole.messages() : parts.messages();
      List<String> longer = shorter == whole.messages() ? parts.messages() : whole.messages();
      assertThat(longer.subList(0, shorter.size())).isEqualTo(shorter);
    }
    for (String m : whole.messages()) {
      assertThat(m.length()).isLessThanOrEqualTo(LIMIT);
    }
  }

  private static String text(byte[] b) {
    return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  @FuzzTest(maxDuration = "20s")
  void linesSplitAnywhereEqualWhole(FuzzedDataProvider data) {
    splitAnywhereEqualsWhole(data, got -> new LineReceiver() {
      {
        MAX_LENGTH = LIMIT;
      }

      @Override
      public void lineReceived(byte[] line) {
        got.add(text(line));
      }
    });
  }

  @FuzzTest(maxDuration = "20s")
  void netstringsSplitAnywhereEqualWhole(FuzzedDataProvider data) {
    splitAnywhereEqualsWhole(data, got -> new NetstringReceiver() {
      {
        MAX_LENGTH = LIMIT;
      }

      @Override
      public void stringReceived(byte[] s) {
        got.add(text(s));
      }
    });
  }

  @FuzzTest(maxDuration = "20s")
  void int32StringsSplitAnywhereEqualWhole(FuzzedDataProvider data) {
    splitAnywhereEqualsWhole(data, got -> new Int32StringReceiver() {
      {
        MAX_LENGTH = LIMIT;
      }

      @Override
      public void stringReceived(byte[] s) {
        got.add(text(s));
      }
    });
  }
}
