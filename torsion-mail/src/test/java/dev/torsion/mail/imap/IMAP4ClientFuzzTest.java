package dev.torsion.mail.imap;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.internet.ConnectionLost;
import dev.torsion.internet.Deferred;
import dev.torsion.trial.StringTransport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The IMAP client's response parsing under Jazzer: with a dozen commands pipelined, any server
 * bytes leave every command pending, answered, or failed with IMAP4Error (nothing else escapes,
 * nothing is thrown into the transport), what the client writes stays bounded, and input split
 * anywhere gives the same outcome as the whole. Seeds in IMAP4ClientFuzzTestInputs/.
 */
class IMAP4ClientFuzzTest {
  @FuzzTest(maxDuration = "15s")
  void responsesAreBoundedAndSplitAnywhereEqualsWhole(FuzzedDataProvider data) {
    int cut = data.consumeInt(0, 1 << 16);
    byte[] bytes = data.consumeRemainingAsBytes();
    int a = Math.min(cut, bytes.length);

    String whole = run(List.of(bytes));
    String split = run(List.of(Arrays.copyOfRange(bytes, 0, a),
        Arrays.copyOfRange(bytes, a, bytes.length)));
    assertThat(split).isEqualTo(whole);
  }

  private static String run(List<byte[]> chunks) {
    IMAP4Client c = new IMAP4Client(300, 500, 2000);
    List<String> heard = new ArrayList<>();
    c.setListener(new IMAP4Client.Listener() {
      @Override
      public void newMessages(long exists, long recent) {
        heard.add("exists " + exists);
      }

      @Override
      public void messageExpunged(long n) {
        heard.add("expunge " + n);
      }

      @Override
      public void flagsChanged(Map<Long, List<String>> flags) {
        heard.add("flags " + flags);
      }
    });
    StringTransport t = new StringTransport();
    c.makeConnection(t);
    List<Deferred<?>> all = List.of(
        c.login("alice", "p\u00e4ss"),
        c.select("INBOX"),
        c.fetch("1:*", "(FLAGS UID BODY.PEEK[HEADER] ENVELOPE BODYSTRUCTURE)", false),
        c.fetchSpecific("1", true, "TEXT", false),
        c.search("UNSEEN", true),
        c.status("INBOX", "MESSAGES", "UIDNEXT"),
        c.list("", "*"),
        c.addFlags("1:3", List.of("\\Seen"), false, false),
        c.append("INBOX", "Subject: x\r\n\r\n".getBytes(), List.of(), null),
        c.copy("1", "Archive", true),
        c.expunge(),
        c.getCapabilities(),
        c.idle(),
        c.noop());
    for (byte[] chunk : chunks) {
      c.dataReceived(chunk);
    }
    StringBuilder outcome = new StringBuilder();
    for (Deferred<?> d : all) {
      d.addCallbacks(v -> {
        outcome.append("ok ");
        return null;
      }, f -> {
        if (!(f.value() instanceof IMAP4Error) && !(f.value() instanceof ConnectionLost)) {
          throw new AssertionError("unexpected failure", f.value());
        }
        outcome.append("error ");
        return null;
      });
      if (!d.called()) {
        outcome.append("pending ");
      }
    }
    assertThat(t.value().length).isLessThan(4096);
    return outcome + " heard " + heard + " wrote " + t.valueString() + " closed "
        + t.disconnecting;
  }
}
