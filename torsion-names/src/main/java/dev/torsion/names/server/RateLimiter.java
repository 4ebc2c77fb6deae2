package dev.torsion.names.server;

import dev.torsion.internet.Address;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.IPv6Address;
import dev.torsion.internet.ReactorTime;
import java.util.HashMap;
import java.util.Map;

/**
 * Response rate limiting per source address, in one-second windows. Over the limit every other
 * response "slips" out as an empty truncated answer and the rest are dropped, so a spoofed victim
 * receives little while a real client still learns to retry over TCP.
 */
final class RateLimiter {
  enum Verdict {
    SEND,
    SLIP,
    DROP
  }

  /** Sources remembered at once; past this the table starts over, bounding memory. */
  private static final int MAX_SOURCES = 10_000;

  private final ReactorTime clock;
  private final int perSecond;
  private final Map<String, int[]> counts = new HashMap<>();
  private long window = Long.MIN_VALUE;

  RateLimiter(ReactorTime clock, int perSecond) {
    this.clock = clock;
    this.perSecond = perSecond;
  }

  Verdict check(Address source) {
    if (perSecond <= 0) {
      return Verdict.SEND;
    }
    long now = (long) Math.floor(clock.seconds());
    if (now != window || counts.size() >= MAX_SOURCES) {
      counts.clear();
      window = now;
    }
    String key = source instanceof IPv4Address a ? a.host()
        : source instanceof IPv6Address b ? b.host() : String.valueOf(source);
    int[] n = counts.computeIfAbsent(key, k -> new int[1]);
    n[0]++;
    if (n[0] <= perSecond) {
      return Verdict.SEND;
    }
    return (n[0] - perSecond) % 2 == 1 ? Verdict.SLIP : Verdict.DROP;
  }
}
