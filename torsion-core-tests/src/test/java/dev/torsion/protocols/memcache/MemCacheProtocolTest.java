package dev.torsion.protocols.memcache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.TimeoutError;
import dev.torsion.internet.task.Clock;
import dev.torsion.trial.StringTransport;
import dev.torsion.trial.Trial;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class MemCacheProtocolTest {
  private final Clock clock = new Clock();
  private final StringTransport t = new StringTransport();
  private final MemCacheProtocol cache = connect(new MemCacheProtocol(clock, 10, 1000));

  private MemCacheProtocol connect(MemCacheProtocol p) {
    p.makeConnection(t);
    return p;
  }

  private void reply(String s) {
    cache.dataReceived(s.getBytes(UTF_8));
  }

  @Test
  void getSendsTheCommandAndParsesAValueSplitAnywhere() {
    Deferred<MemCacheValue> d = cache.get("k");
    assertThat(t.valueString()).isEqualTo("get k\r\n");
    for (byte b : "VALUE k 5 3\r\nabc\r\nEND\r\n".getBytes(UTF_8)) {
      cache.dataReceived(new byte[] {b});
    }
    MemCacheValue v = Trial.successResultOf(d);
    assertThat(v.flags()).isEqualTo(5);
    assertThat(new String(v.value(), UTF_8)).isEqualTo("abc");
  }

  @Test
  void aMissingKeyIsNull() {
    Deferred<MemCacheValue> d = cache.get("k");
    reply("END\r\n");
    assertThat(Trial.successResultOf(d)).isNull();
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() {
    Deferred<Boolean> set = cache.set("a", "1".getBytes(UTF_8), 3, 0);
    Deferred<Long> incr = cache.increment("a", 5);
    Deferred<Boolean> del = cache.delete("b");
    assertThat(t.valueString()).isEqualTo("set a 3 0 1\r\n1\r\nincr a 5\r\ndelete b\r\n");
    reply("STORED\r\n6\r\nNOT_FOUND\r\n");
    assertThat(Trial.successResultOf(set)).isTrue();
    assertThat(Trial.successResultOf(incr)).isEqualTo(6);
    assertThat(Trial.successResultOf(del)).isFalse();
  }

  @Test
  void badKeysFailBeforeAnythingIsWritten() {
    for (String key : List.of("", "has space", "tab\t", "nl\n", "x".repeat(251), "\u007f")) {
      Trial.failureResultOf(cache.get(key), IllegalArgumentException.class);
      Trial.failureResultOf(cache.set(key, new byte[1]), IllegalArgumentException.class);
    }
    assertThat(t.value()).isEmpty();
    assertThat(Trial.failureResultOf(cache.getMultiple(List.of("ok", "not ok")),
        IllegalArgumentException.class).getErrorMessage()).contains("space");
    assertThat(t.value()).isEmpty();
    cache.get("x".repeat(250));
    assertThat(t.valueString()).startsWith("get xxx");
  }

  @Test
  void serverErrorsFailOnlyTheirRequest() {
    Deferred<Boolean> a = cache.set("a", new byte[1]);
    Deferred<String> b = cache.version();
    reply("SERVER_ERROR out of memory storing object\r\nVERSION 1.6.18\r\n");
    assertThat(Trial.failureResultOf(a, ServerError.class).getErrorMessage()).contains("out of memory");
    assertThat(Trial.successResultOf(b)).isEqualTo("1.6.18");
    Deferred<Boolean> c = cache.touch("a", 1);
    Deferred<Boolean> e = cache.flushAll();
    reply("ERROR\r\nCLIENT_ERROR bad\r\n");
    Trial.failureResultOf(c, NoSuchCommand.class);
    Trial.failureResultOf(e, ClientError.class);
  }

  @Test
  void silenceTimesOutEveryPendingRequestAndCloses() {
    Deferred<MemCacheValue> a = cache.get("a");
    Deferred<MemCacheValue> b = cache.get("b");
    clock.advance(9);
    reply("END\r\n");   // an answer resets the timer
    clock.advance(9);
    assertThat(b.called()).isFalse();
    clock.advance(1);
    Trial.failureResultOf(b, TimeoutError.class);
    assertThat(Trial.successResultOf(a)).isNull();
    assertThat(t.disconnecting).isTrue();
    assertThat(clock.getDelayedCalls()).isEmpty();
  }

  @Test
  void aValueOverTheLimitClosesBeforeAllocating() {
    Deferred<MemCacheValue> d = cache.get("k");
    reply("VALUE k 0 2000000000\r\n");
    assertThat(Trial.failureResultOf(d, MemCacheError.class).getErrorMessage()).contains("more than 1000");
    assertThat(t.disconnecting).isTrue();
  }

  @Test
  void aValueForAKeyNotAskedForCloses() {
    Deferred<MemCacheValue> d = cache.get("k");
    reply("VALUE other 0 1\r\nx\r\nEND\r\n");
    Trial.failureResultOf(d, MemCacheError.class);
    assertThat(t.disconnecting).isTrue();
  }

  @Test
  void anEndlessLineCloses() {
    Deferred<String> d = cache.version();
    reply("VERSION " + "9".repeat(10_000));
    Trial.failureResultOf(d, MemCacheError.class);
    assertThat(t.disconnecting).isTrue();
  }

  @Test
  void statsAreCollectedUntilEnd() {
    Deferred<Map<String, String>> d = cache.stats(null);
    reply("STAT pid 12\r\nSTAT version 1.6.18\r\nEND\r\n");
    assertThat(Trial.successResultOf(d)).containsEntry("pid", "12").containsEntry("version", "1.6.18");
  }

  @Test
  void checkAndSetSendsTheCasUnique() {
    Deferred<Boolean> d = cache.checkAndSet("k", "v".getBytes(UTF_8), 77);
    assertThat(t.valueString()).isEqualTo("cas k 0 0 1 77\r\nv\r\n");
    reply("EXISTS\r\n");
    assertThat(Trial.successResultOf(d)).isFalse();
  }
}
