package dev.torsion.internet;

import java.util.Random;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client factory that reconnects after a failed or lost connection, waiting longer after each
 * failure: Twisted's {@code protocol.ReconnectingClientFactory}.
 *
 * <p>The delay starts at {@code initialDelay} (1 s), is multiplied by {@code factor} (e) after
 * each failure, randomised by {@code jitter} (a normal spread of 12%) so that many clients do not
 * reconnect in step, and capped at {@code maxDelay} (one hour). Call {@link #resetDelay} once a
 * connection works (typically in {@link #buildProtocol}), and {@link #stopTrying} to give up.
 * Retries are scheduled on the {@link ReactorTime} given to the constructor, so tests can drive
 * them with a Clock.
 *
 * <pre>{@code
 * ReconnectingClientFactory f = new ReconnectingClientFactory(reactor, ChatClient::new) {
 *   @Override public Protocol buildProtocol(Address addr) {
 *     resetDelay();
 *     return super.buildProtocol(addr);
 *   }
 * };
 * f.setMaxDelay(60);
 * reactor.connectTCP("chat.example.com", 6667, f);
 * }</pre>
 */
public class ReconnectingClientFactory extends ClientFactory {
  private static final Logger log = LoggerFactory.getLogger(ReconnectingClientFactory.class);

  private final ReactorTime clock;
  private final Random random;
  private double maxDelay = 3600;
  private double initialDelay = 1.0;
  private double factor = 2.7182818284590451; // e, as Twisted
  private double jitter = 0.11962656472; // Twisted's value: about a 12% spread
  private Integer maxRetries;

  private double delay = initialDelay;
  private int retries;
  private boolean continueTrying = true;
  private Connector connector;
  private DelayedCall callId;

  /** A factory whose {@link #buildProtocol} must be overridden, retrying on {@code clock}. */
  protected ReconnectingClientFactory(ReactorTime clock) {
    this(clock, new Random());
  }

  /** A factory building protocols from {@code protocol}, retrying on {@code clock}. */
  public ReconnectingClientFactory(ReactorTime clock, Supplier<? extends Protocol> protocol) {
    this(clock, protocol, new Random());
  }

  /** As above, with the source of jitter given: seed it for reproducible tests. */
  public ReconnectingClientFactory(
      ReactorTime clock, Supplier<? extends Protocol> protocol, Random random) {
    super(protocol);
    this.clock = clock;
    this.random = random;
  }

  /** A factory whose {@link #buildProtocol} must be overridden, with the source of jitter given. */
  protected ReconnectingClientFactory(ReactorTime clock, Random random) {
    this.clock = clock;
    this.random = random;
  }

  @Override
  public void clientConnectionFailed(Connector connector, Failure reason) {
    if (continueTrying) {
      this.connector = connector;
      retry();
    }
  }

  @Override
  public void clientConnectionLost(Connector connector, Failure reason) {
    if (continueTrying) {
      this.connector = connector;
      retry();
    }
  }

  /** Schedules another attempt with the last connector, after the next delay. */
  public void retry() {
    retry(null);
  }

  /** Schedules another attempt with {@code connector} (the last one if null). */
  public void retry(Connector connector) {
    if (!continueTrying) {
      return;
    }
    Connector target = connector != null ? connector : this.connector;
    if (target == null) {
      throw new IllegalStateException("no connector to retry");
    }
    retries++;
    if (maxRetries != null && retries > maxRetries) {
      log.info("Abandoning {} after {} retries", target.getDestination(), maxRetries);
      return;
    }
    delay = Math.min(delay * factor, maxDelay);
    if (jitter != 0) {
      delay = delay + random.nextGaussian() * delay * jitter;
    }
    log.debug("Will retry {} in {} seconds", target.getDestination(), delay);
    callId =
        clock.callLater(
            delay,
            () -> {
              callId = null;
              target.connect();
            });
  }

  /** Gives up: cancels a scheduled retry and stops any attempt in progress. */
  public void stopTrying() {
    if (callId != null) {
      if (callId.active()) {
        callId.cancel();
      }
      callId = null;
    }
    continueTrying = false;
    if (connector != null) {
      try {
        connector.stopConnecting();
      } catch (RuntimeException notConnecting) {
        // Twisted's NotConnectingError: there was no attempt to stop.
      }
    }
  }

  /** Starts again from {@code initialDelay} and zero retries; call it once connected. */
  public void resetDelay() {
    delay = initialDelay;
    retries = 0;
    callId = null;
    continueTrying = true;
  }

  /** The delay before the next (or the scheduled) retry, in seconds. */
  public double getDelay() {
    return delay;
  }

  /** How many retries were made since the last {@link #resetDelay}. */
  public int getRetries() {
    return retries;
  }

  /** False once {@link #stopTrying} was called (until {@link #resetDelay}). */
  public boolean isTrying() {
    return continueTrying;
  }

  public double getMaxDelay() {
    return maxDelay;
  }

  /** The longest delay between attempts, in seconds; 3600 by default. */
  public void setMaxDelay(double maxDelay) {
    this.maxDelay = maxDelay;
  }

  public double getInitialDelay() {
    return initialDelay;
  }

  /** The delay the backoff starts from, in seconds; 1 by default. Takes effect at resetDelay. */
  public void setInitialDelay(double initialDelay) {
    this.initialDelay = initialDelay;
  }

  public double getFactor() {
    return factor;
  }

  /** What the delay is multiplied by after each failure; e by default. */
  public void setFactor(double factor) {
    this.factor = factor;
  }

  public double getJitter() {
    return jitter;
  }

  /** The standard deviation of the random spread, as a fraction of the delay; 0 for none. */
  public void setJitter(double jitter) {
    this.jitter = jitter;
  }

  public Integer getMaxRetries() {
    return maxRetries;
  }

  /** Gives up after this many retries; null (the default) retries forever. */
  public void setMaxRetries(Integer maxRetries) {
    this.maxRetries = maxRetries;
  }
}
