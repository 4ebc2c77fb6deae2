package dev.torsion.mail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.internet.task.Clock;
import dev.torsion.mail.FuzzSessions;
import java.util.Arrays;

/**
 * The SMTP server's command parser under Jazzer, through the whole session: nothing but its
 * replies escapes (no exception), the output stays bounded, and input split anywhere gives the
 * same replies as the whole. Seeds in SMTPServerFuzzTestInputs/.
 */
class SMTPServerFuzzTest {
  @FuzzTest(maxDuration = "15s")
  void repliesAreBoundedAndSplitAnywhereEqualsWhole(FuzzedDataProvider data) {
    int cut = data.consumeInt(0, 1 << 16);
    byte[] bytes = data.consumeRemainingAsBytes();
    int a = Math.min(cut, bytes.length);
    ESMTPFactory factory = new ESMTPFactory(FuzzSessions.fixture().smtp().build(), new Clock());

    String whole = FuzzSessions.run(() -> factory.buildProtocol(null), bytes);
    String split = FuzzSessions.run(() -> factory.buildProtocol(null),
        Arrays.copyOfRange(bytes, 0, a), Arrays.copyOfRange(bytes, a, bytes.length));

    assertThat(split).isEqualTo(whole);
    // Every reply answers at least one line of input, and a reply is a few hundred octets.
    assertThat(whole.length()).isLessThanOrEqualTo(600 * (bytes.length / 2 + 2));
  }
}
