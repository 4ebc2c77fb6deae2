package dev.torsion.mail.imap;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.internet.task.Clock;
import dev.torsion.mail.FuzzSessions;
import dev.torsion.mail.MailFixture;

/**
 * The whole IMAP session under Jazzer (logged in from loopback, so every state is reachable): no
 * exception escapes the protocol and the output stays bounded. (Split-anywhere equality is
 * checked on the framer in IMAPCommandFuzzTest: here APPEND changes the mailbox during a run;
 * each run starts from empty Maildirs, so a run does the same work whenever it comes.)
 * Seeds in IMAP4ServerFuzzTestInputs/.
 */
class IMAP4ServerFuzzTest {
  @FuzzTest(maxDuration = "15s")
  void nothingEscapesAndRepliesAreBounded(FuzzedDataProvider data) {
    byte[] bytes = data.consumeRemainingAsBytes();
    MailFixture mail = FuzzSessions.freshFixture();
    IMAP4Factory factory = new IMAP4Factory(IMAPServerOptions.builder("mail.example.com",
        mail.portal).maxLiteral(4096).maxLine(1024).build(), new Clock());

    String out = FuzzSessions.run(() -> factory.buildProtocol(null),
        "a LOGIN bob hunter2\r\nb SELECT INBOX\r\n".getBytes(), bytes);

    assertThat(out.length()).isLessThanOrEqualTo(100_000 + 2000 * (bytes.length + 2));
  }
}
