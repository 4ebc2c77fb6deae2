package dev.torsion.names;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The message decoder under Jazzer: only MalformedMessageError escapes; what it accepts encodes,
 * the encoding decodes again and re-encodes to the same bytes (a fixed point after one round);
 * and what it holds is bounded by the input (no more records than 11-octet minimums fit, no name
 * longer than 255 octets). Seeds, made with dnspython, in MessageFuzzTestInputs/.
 */
class MessageFuzzTest {
  @FuzzTest(maxDuration = "20s")
  void decodeEncodeDecodeIsStable(FuzzedDataProvider data) {
    byte[] wire = data.consumeRemainingAsBytes();
    Message m;
    try {
      m = Message.fromBytes(wire);
    } catch (MalformedMessageError e) {
      return; // the one declared error
    }
    int records = m.getAnswers().size() + m.getAuthority().size() + m.getAdditional().size();
    assertThat(records).isLessThanOrEqualTo(wire.length / 11);
    assertThat(m.getQueries().size()).isLessThanOrEqualTo(wire.length / 5);
    for (Query q : m.getQueries()) {
      // Escaped text is at most four characters (\DDD) per octet.
      assertThat(q.name().length()).isLessThanOrEqualTo(4 * 255);
    }
    byte[] once = m.toBytes();
    Message again = Message.fromBytes(once);
    assertThat(again.getQueries()).isEqualTo(m.getQueries());
    assertThat(again.getAnswers()).hasSameSizeAs(m.getAnswers());
    assertThat(again.getRCode()).isEqualTo(m.getEdns() == null ? m.getRCode() & 0xF
        : m.getRCode());
    assertThat(again.toBytes()).isEqualTo(once);
  }
}
