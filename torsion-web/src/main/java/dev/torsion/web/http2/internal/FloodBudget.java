package dev.torsion.web.http2.internal;

import dev.torsion.internet.ReactorTime;

/**
 * Counts events of one kind (resets, control frames, empty frames) in a fixed time window: a
 * peer that spends more than {@code limit} within {@code seconds} is abusing the connection
 * (RFC 9113 10.5) and is told ENHANCE_YOUR_CALM.
 */
final class FloodBudget {
  private final int limit;
  private final double seconds;
  private final ReactorTime time;
  private double windowStart = Double.NaN;
  private int spent;

  FloodBudget(int limit, double seconds, ReactorTime time) {
    this.limit = limit;
    this.seconds = seconds;
    this.time = time;
  }

  /** Counts one event; false once the budget of the current window is exceeded. */
  boolean spend() {
    double now = time.seconds();
    if (Double.isNaN(windowStart) || now - windowStart >= seconds) {
      windowStart = now;
      spent = 0;
    }
    return ++spent <= limit;
  }
}
