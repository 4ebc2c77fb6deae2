package dev.torsion.application;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How long {@link ClientService} waits before its next connection attempt, given how many
 * attempts in a row have failed (1 after the first failure, or after a connection is lost).
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.backoff(0.5, 30, 2.0);   // 1, 2, 4 ... 30 s, plus up to 1 s
 * new ClientService(endpoint, factory, reactor, policy);
 * }</pre>
 */
@FunctionalInterface
public interface RetryPolicy {
  /** Seconds to wait after {@code failedAttempts} failures in a row. */
  double delay(int failedAttempts);

  /**
   * Twisted's {@code backoffPolicy}: {@code min(initialDelay * factor^attempts, maxDelay)} plus a
   * random jitter of up to one second, so that many clients do not retry in step.
   */
  static RetryPolicy backoff(double initialDelay, double maxDelay, double factor) {
    return backoff(initialDelay, maxDelay, factor, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** As above, with the jitter (seconds to add) coming from {@code jitter}. */
  static RetryPolicy backoff(
      double initialDelay, double maxDelay, double factor, DoubleSupplier jitter) {
    return failedAttempts -> {
      // Cap the exponent: factor^attempts overflows to infinity long before it matters.
      double base = initialDelay * Math.pow(factor, Math.min(failedAttempts, 100));
      return Math.min(base, maxDelay) + jitter.getAsDouble();
    };
  }

  /** The default: {@code backoff(1.0, 60.0, 1.5)}. */
  static RetryPolicy defaultPolicy() {
    return backoff(1.0, 60.0, 1.5);
  }
}
