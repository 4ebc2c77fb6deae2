package dev.torsion.conch.telnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The telnet parser under Jazzer: no exception, subnegotiations within the bound, no more data
 * out than in, and the same events however the bytes are split (data runs joined). Seeds in
 * TelnetParserFuzzTestInputs/.
 */
class TelnetParserFuzzTest {
  static List<String> events(byte[] bytes, int split) {
    List<String> out = new ArrayList<>();
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    TelnetParser p = new TelnetParser(new TelnetParser.Events() {
      void flush() {
        if (data.size() > 0) {
          out.add("data " + HexFormat.of().formatHex(data.toByteArray()));
          data.reset();
        }
      }

      @Override
      public void data(byte[] d) {
        data.writeBytes(d);
      }

      @Override
      public void command(int command) {
        flush();
        out.add("cmd " + command);
      }

      @Override
      public void negotiate(int verb, int option) {
        flush();
        out.add("neg " + verb + " " + option);
      }

      @Override
      public void subnegotiation(int option, byte[] d) {
        flush();
        assertThat(d.length).isLessThanOrEqualTo(TelnetParser.MAX_SUBNEGOTIATION);
        out.add("sb " + option + " " + HexFormat.of().formatHex(d));
      }
    });
    p.feed(Arrays.copyOf(bytes, split));
    p.feed(Arrays.copyOfRange(bytes, split, bytes.length));
    if (data.size() > 0) {
      assertThat(data.size()).isLessThanOrEqualTo(bytes.length);
      out.add("data " + HexFormat.of().formatHex(data.toByteArray()));
    }
    return out;
  }

  @FuzzTest(maxDuration = "10s")
  void splitAnywhereGivesTheSameEvents(FuzzedDataProvider data) {
    int split = data.consumeInt(0, 1000);
    byte[] bytes = data.consumeRemainingAsBytes();
    assertThat(events(bytes, Math.min(split, bytes.length)))
        .isEqualTo(events(bytes, bytes.length));
  }
}
