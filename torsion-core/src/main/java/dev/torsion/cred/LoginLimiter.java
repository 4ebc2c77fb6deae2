package dev.torsion.cred;

import dev.torsion.internet.Address;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.IPv6Address;
import dev.torsion.internet.ReactorTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Slows down a source address that keeps failing to log in, so that guessing passwords over the
 * network costs the guesser time: the policy a {@link Portal} applies when given one.
 *
 * <p>The default policy: the first 5 failures from an address cost nothing; each one after that
 * makes the address's next attempt wait 1 s, then 2, 4, ... up to 30 s, before its credentials
 * are even checked. A success, or 10 minutes without a failure, forgets the address. At most
 * 10,000 addresses are remembered (the least recently seen go first), so a flood of sources
 * cannot grow the table without bound.
 *
 * <pre>{@code
 * portal.setLimiter(new LoginLimiter(reactor));                         // the default policy
 * portal.setLimiter(new LoginLimiter(reactor, LoginLimiter.Policy.DEFAULT.withFreeFailures(3)));
 * }</pre>
 */
public final class LoginLimiter {
  /**
   * How many failures are free, how long the wait grows, and how long an address is remembered.
   *
   * @param freeFailures failures from one address before attempts are delayed
   * @param baseDelaySeconds the wait after the first failure past the free ones; it doubles after each
   * @param maxDelaySeconds the longest wait
   * @param forgetAfterSeconds an address with no failure for this long starts afresh
   * @param maxSources addresses remembered at once
   */
  public record Policy(
      int freeFailures,
      double baseDelaySeconds,
      double maxDelaySeconds,
      double forgetAfterSeconds,
      int maxSources) {
    public static final Policy DEFAULT = new Policy(5, 1, 30, 600, 10_000);

    public Policy {
      if (freeFailures < 0 || baseDelaySeconds < 0 || maxDelaySeconds < baseDelaySeconds
          || forgetAfterSeconds <= 0 || maxSources < 1) {
        throw new IllegalArgumentException("bad login limiter policy");
      }
    }

    public Policy withFreeFailures(int n) {
      return new Policy(n, baseDelaySeconds, maxDelaySeconds, forgetAfterSeconds, maxSources);
    }
  }

  private static final class Source {
    int failures;
    double lastFailure;
  }

  private final ReactorTime clock;
  private final Policy policy;
  private final Map<String, Source> sources;

  public LoginLimiter(ReactorTime clock) {
    this(clock, Policy.DEFAULT);
  }

  public LoginLimiter(ReactorTime clock, Policy policy) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.sources = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Source> eldest) {
        return size() > policy.maxSources();
      }
    };
  }

  /** Seconds {@code source}'s next attempt waits before it is checked: 0 while under the policy. */
  public synchronized double delayFor(String source) {
    Source s = sources.get(source);
    if (s == null) {
      return 0;
    }
    double now = clock.seconds();
    if (now - s.lastFailure >= policy.forgetAfterSeconds()) {
      sources.remove(source);
      return 0;
    }
    int over = s.failures - policy.freeFailures();
    if (over <= 0) {
      return 0;
    }
    double delay = policy.baseDelaySeconds() * Math.pow(2, Math.min(over - 1, 30));
    delay = Math.min(delay, policy.maxDelaySeconds());
    // The wait counts from the last failure: a patient client is not delayed twice.
    return Math.max(0, s.lastFailure + delay - now);
  }

  /** Counts a failed attempt from {@code source}. */
  public synchronized void failed(String source) {
    Source s = sources.computeIfAbsent(source, k -> new Source());
    double now = clock.seconds();
    if (s.failures > 0 && now - s.lastFailure >= policy.forgetAfterSeconds()) {
      s.failures = 0;
    }
    s.failures++;
    s.lastFailure = now;
  }

  /** Forgets {@code source}'s failures after a successful login. */
  public synchronized void succeeded(String source) {
    sources.remove(source);
  }

  /** Failures counted for {@code source} now. */
  public synchronized int failures(String source) {
    Source s = sources.get(source);
    return s == null ? 0 : s.failures;
  }

  /** Runs {@code attempt} after the source's delay and counts its outcome. */
  Deferred<String> check(String source, Supplier<Deferred<String>> attempt) {
    double delay = delayFor(source);
    Deferred<String> checked;
    if (delay <= 0) {
      checked = attempt.get();
    } else {
      checked = new Deferred<>();
      Deferred<String> out = checked;
      clock.callLater(delay, () -> {
        Deferred<String> inner;
        try {
          inner = attempt.get();
        } catch (RuntimeException e) {
          inner = Deferred.fail(e);
        }
        inner.chainDeferred(out);
      });
    }
    return checked.addCallbacks(id -> {
      succeeded(source);
      return id;
    }, f -> {
      if (f.check(UnauthorizedLogin.class) != null) {
        failed(source);
      }
      throw f;
    });
  }

  /** The address part of a peer, which is what failures are counted by (the port changes). */
  static String key(Address source) {
    if (source instanceof IPv4Address a) {
      return a.host();
    }
    if (source instanceof IPv6Address a) {
      return a.host();
    }
    return null; // a Unix socket's peers are local users, not guessers on the network
  }
}
