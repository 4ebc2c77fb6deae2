package dev.torsion.mail.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.internet.task.Clock;
import dev.torsion.mail.FuzzSessions;
import dev.torsion.mail.MailFixture;
import java.util.Arrays;

/**
 * The POP3 server's command parser under Jazzer, through the whole session: no exception
 * escapes, the output stays bounded, and input split anywhere gives the same replies as the
 * whole. Seeds in POP3ServerFuzzTestInputs/.
 */
class POP3ServerFuzzTest {
  @FuzzTest(maxDuration = "15s")
  void repliesAreBoundedAndSplitAnywhereEqualsWhole(FuzzedDataProvider data) {
    int cut = data.consumeInt(0, 1 << 16);
    byte[] bytes = data.consumeRemainingAsBytes();
    int a = Math.min(cut, bytes.length);
    MailFixture mail = FuzzSessions.fixture();
    POP3Factory factory = new POP3Factory(POP3ServerOptions.builder("mail.example.com",
        mail.portal).build(), new Clock());

    String whole = FuzzSessions.run(() -> factory.buildProtocol(null), bytes);
    String split = FuzzSessions.run(() -> factory.buildProtocol(null),
        Arrays.copyOfRange(bytes, 0, a), Arrays.copyOfRange(bytes, a, bytes.length));

    assertThat(split).isEqualTo(whole);
    assertThat(whole.length()).isLessThanOrEqualTo(600 * (bytes.length / 2 + 2));
  }
}
