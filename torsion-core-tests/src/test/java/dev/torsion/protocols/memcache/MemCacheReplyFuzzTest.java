package dev.torsion.protocols.memcache;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.internet.task.Clock;
import dev.torsion.protocols.memcache.internal.ReplyParser;
import dev.torsion.trial.StringTransport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The memcache reply parser and client under Jazzer: only MemCacheError escapes the parser,
 * values stay under the limit, split anywhere equals whole, and no reply makes the client throw.
 * Seeds in MemCacheReplyFuzzTestInputs/.
 */
class MemCacheReplyFuzzTest {
  private static List<String> parse(byte[] bytes, int cut) {
    List<String> out = new ArrayList<>();
    ReplyParser p = new ReplyParser(new ReplyParser.Sink() {
      @Override
      public void line(String line) {
        out.add("L" + line);
      }

      @Override
      public void value(String key, int flags, long cas, byte[] data) {
        assertThat(data.length).isLessThanOrEqualTo(100);
        out.add("V" + key + " " + flags + " " + cas + " " + Arrays.toString(data));
      }
    }, 64, 100);
    try {
      p.feed(Arrays.copyOfRange(bytes, 0, cut));
      p.feed(Arrays.copyOfRange(bytes, cut, bytes.length));
    } catch (MemCacheError e) {
      out.add("failed");
    }
    return out;
  }

  @FuzzTest(maxDuration = "20s")
  void splitAnywhereEqualsWhole(FuzzedDataProvider data) {
    int c = data.consumeInt(0, 1 << 16);
    byte[] bytes = data.consumeRemainingAsBytes();
    int cut = Math.min(c, bytes.length);
    assertThat(parse(bytes, cut)).isEqualTo(parse(bytes, 0));
  }

  @FuzzTest(maxDuration = "20s")
  void noReplyMakesTheClientThrow(FuzzedDataProvider data) {
    MemCacheProtocol cache = new MemCacheProtocol(new Clock(), 10, 100);
    cache.makeConnection(new StringTransport());
    // A reply that fails a request is an outcome, not a finding; left unhandled, each failed
    // Deferred would be held for the unhandled-error log, and thousands a second filled the
    // heap (OutOfMemoryError after 15 min of fuzzing).
    List.of(cache.get("a"), cache.getMultiple(List.of("a", "b"), true),
            cache.set("a", new byte[] {1}), cache.increment("n", 1), cache.stats(null),
            cache.version())
        .forEach(d -> d.addErrback(failure -> null));
    while (data.remainingBytes() > 0) {
      cache.dataReceived(data.consumeBytes(data.consumeInt(1, 32)));
    }
  }
}
