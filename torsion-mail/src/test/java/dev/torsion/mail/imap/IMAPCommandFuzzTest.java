package dev.torsion.mail.imap;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.mail.imap.internal.CommandReader;
import dev.torsion.mail.imap.internal.Fetch;
import dev.torsion.mail.imap.internal.ImapSyntaxError;
import dev.torsion.mail.imap.internal.Literal;
import dev.torsion.mail.imap.internal.SequenceSet;
import dev.torsion.mail.imap.internal.Tokens;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The IMAP command framer and tokenizer under Jazzer: only ImapSyntaxError escapes the tokenizer,
 * literals never exceed the limit, and input split anywhere frames exactly as the whole (the "+"
 * continuations and refusals included). Seeds in IMAPCommandFuzzTestInputs/.
 */
class IMAPCommandFuzzTest {
  static final int MAX_LINE = 200;
  static final int MAX_LITERAL = 300;

  @FuzzTest(maxDuration = "15s")
  void framingIsBoundedAndSplitAnywhereEqualsWhole(FuzzedDataProvider data) throws IOException {
    int cut = data.consumeInt(0, 1 << 16);
    byte[] bytes = data.consumeRemainingAsBytes();
    int a = Math.min(cut, bytes.length);

    List<String> whole = new ArrayList<>();
    new CommandReader(MAX_LINE, MAX_LITERAL, null, recorder(whole)).feed(bytes, 0, bytes.length);
    List<String> split = new ArrayList<>();
    CommandReader r = new CommandReader(MAX_LINE, MAX_LITERAL, null, recorder(split));
    r.feed(Arrays.copyOfRange(bytes, 0, a), 0, a);
    r.feed(Arrays.copyOfRange(bytes, a, bytes.length), 0, bytes.length - a);

    assertThat(split).isEqualTo(whole);
  }

  private static CommandReader.Handler recorder(List<String> out) {
    return new CommandReader.Handler() {
      @Override
      public void command(List<Object> parts) {
        StringBuilder b = new StringBuilder("command");
        for (Object p : parts) {
          try {
            byte[] bytes = p instanceof Literal l ? l.bytes() : (byte[]) p;
            assertThat(bytes.length).isLessThanOrEqualTo(Math.max(MAX_LINE, MAX_LITERAL));
            b.append(p instanceof Literal ? " L:" : " S:").append(HexFormat.of().formatHex(bytes));
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        }
        try {
          b.append(" tokens ").append(Tokens.parse(parts).size());
          for (Object t : Tokens.parse(parts)) {
            if (t instanceof String s) {
              try {
                SequenceSet.parse(s).contains(7, 1L << 32);
                Fetch.section(s);
              } catch (ImapSyntaxError declared) {
                // the one declared error
              }
            }
          }
        } catch (ImapSyntaxError e) {
          b.append(" bad");
        }
        out.add(b.toString());
      }

      @Override
      public void continueLiteral() {
        out.add("+");
      }

      @Override
      public void refused(byte[] firstSegment, boolean tooBig) {
        out.add("refused " + tooBig);
      }
    };
  }
}
