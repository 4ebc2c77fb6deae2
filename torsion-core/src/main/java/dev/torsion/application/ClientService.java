package dev.torsion.application;

import dev.torsion.application.internal.WatchedProtocol;
import dev.torsion.application.internal.WatchingFactory;
import dev.torsion.internet.CancelledError;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.endpoints.ClientEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service that keeps one client connection open through an endpoint, reconnecting with backoff
 * whenever it fails or drops: Twisted's {@code ClientService} (the endpoint-era successor of
 * ReconnectingClientFactory).
 *
 * <pre>{@code
 * ClientService feed = new ClientService(
 *     Endpoints.clientFromString(reactor, "tcp:feed.example.com:7000"),
 *     Factory.forProtocol(FeedClient::new), reactor);
 * feed.setServiceParent(application);
 * feed.whenConnected().addCallback(p -> ((FeedClient) p).subscribe("prices"));
 * }</pre>
 *
 * <p>{@link #whenConnected} gives the protocol the factory built for the current connection,
 * at once if connected, else when the next attempt succeeds. Stopping the service cancels any
 * attempt, closes the connection, fires its Deferred once the connection is gone, and fails the
 * pending {@code whenConnected} Deferreds with {@link CancelledError}.
 */
public class ClientService extends Service {
  private static final Logger LOG = LoggerFactory.getLogger(ClientService.class);

  private record Waiter(Deferred<Protocol> deferred, int failAfterFailures) {}

  private final ClientEndpoint endpoint;
  private final Factory factory;
  private final ReactorTime clock;
  private final RetryPolicy retryPolicy;
  private final List<Waiter> waiters = new ArrayList<>();

  private Deferred<Protocol> attempt;
  private DelayedCall retry;
  private WatchedProtocol current;
  private Deferred<Void> disconnected;
  private int failedAttempts;
  private Failure lastFailure;
  private boolean stopped;

  /** Keeps {@code factory}'s protocol connected to {@code endpoint}, with the default backoff. */
  public ClientService(ClientEndpoint endpoint, Factory factory, ReactorTime clock) {
    this(endpoint, factory, clock, RetryPolicy.defaultPolicy());
  }

  public ClientService(
      ClientEndpoint endpoint, Factory factory, ReactorTime clock, RetryPolicy retryPolicy) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.factory = Objects.requireNonNull(factory, "factory");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
  }

  /** The protocol of the current connection, whenever there is one. */
  public Deferred<Protocol> whenConnected() {
    return whenConnected(Integer.MAX_VALUE);
  }

  /**
   * As {@link #whenConnected()}, but fails with the last connection error once {@code
   * failAfterFailures} attempts in a row have failed (counting from now, if none has succeeded).
   */
  public Deferred<Protocol> whenConnected(int failAfterFailures) {
    if (failAfterFailures < 1) {
      throw new IllegalArgumentException("failAfterFailures must be at least 1");
    }
    if (current != null) {
      return Deferred.succeed(current.wrapped());
    }
    if (stopped) {
      return Deferred.fail(new CancelledError("the ClientService is stopped"));
    }
    Deferred<Protocol> d = new Deferred<>(self -> waiters.removeIf(w -> w.deferred == self));
    waiters.add(new Waiter(d, failedAttempts + failAfterFailures));
    return d;
  }

  @Override
  public Deferred<Void> startService() {
    super.startService();
    stopped = false;
    failedAttempts = 0;
    connect();
    return null;
  }

  private void connect() {
    retry = null;
    Deferred<Protocol> d = endpoint.connect(new WatchingFactory(factory, p -> {}, this::lost));
    attempt = d;
    d.addCallbacks(
        p -> {
          if (attempt == d) {
            attempt = null;
            connected((WatchedProtocol) p);
          }
          return null;
        },
        f -> {
          if (attempt == d) {
            attempt = null;
            failed(f);
          }
          return null;
        });
  }

  private void connected(WatchedProtocol p) {
    if (!isRunning()) {
      p.getTransport().loseConnection();
      return;
    }
    current = p;
    failedAttempts = 0;
    lastFailure = null;
    List<Waiter> ready = new ArrayList<>(waiters);
    waiters.clear();
    for (Waiter w : ready) {
      w.deferred.callback(p.wrapped());
    }
  }

  private void failed(Failure f) {
    failedAttempts++;
    lastFailure = f;
    LOG.info("{}: connection attempt {} failed: {}", this, failedAttempts, f.getErrorMessage());
    List<Waiter> giveUp = new ArrayList<>();
    waiters.removeIf(w -> w.failAfterFailures <= failedAttempts && giveUp.add(w));
    for (Waiter w : giveUp) {
      w.deferred.errback(f);
    }
    scheduleRetry();
  }

  private void lost(WatchedProtocol p) {
    if (p != current) {
      return;
    }
    current = null;
    if (disconnected != null) {
      Deferred<Void> d = disconnected;
      disconnected = null;
      d.callback(null);
    }
    if (isRunning()) {
      failedAttempts = 1;
      scheduleRetry();
    }
  }

  private void scheduleRetry() {
    if (!isRunning()) {
      return;
    }
    double delay = Math.max(0, retryPolicy.delay(failedAttempts));
    retry = clock.callLater(delay, this::connect);
  }

  /** The error of the last failed attempt, or null. */
  public Failure lastFailure() {
    return lastFailure;
  }

  @Override
  public Deferred<Void> stopService() {
    super.stopService();
    stopped = true;
    if (retry != null && retry.active()) {
      retry.cancel();
    }
    retry = null;
    if (attempt != null) {
      Deferred<Protocol> a = attempt;
      attempt = null;
      a.cancel();
      a.addErrback(f -> null); // the cancellation is ours; nobody needs to hear of it
    }
    List<Waiter> pending = new ArrayList<>(waiters);
    waiters.clear();
    for (Waiter w : pending) {
      w.deferred.errback(new CancelledError("the ClientService stopped before connecting"));
    }
    if (current == null) {
      return Deferred.succeed(null);
    }
    Deferred<Void> d = new Deferred<>();
    disconnected = d;
    current.getTransport().loseConnection();
    return d;
  }

  @Override
  public String toString() {
    return "ClientService(" + endpoint + ")";
  }
}
