package dev.torsion.internet.endpoints.internal;

import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ReactorTime;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Races connection attempts to a name's addresses, RFC 8305 ("Happy Eyeballs v2") style: one
 * attempt at a time, the next one {@code attemptDelay} later or as soon as the latest fails; the
 * first to connect wins and the others are cancelled. Internal: the engine of HostnameEndpoint.
 *
 * <pre>
 *   t=0      t=0.25    t=0.5 (or earlier, if B fails)
 *   A ------------------------------ connected: win, cancel B and C
 *            B ---------------x
 *                      C -------
 * </pre>
 */
public final class HappyEyeballs {
  private final ReactorTime clock;
  private final double attemptDelay;
  private final List<InetAddress> addresses;
  private final Function<InetAddress, Deferred<Protocol>> attempt;
  private final Deferred<Protocol> result;
  private final List<Deferred<Protocol>> pending = new ArrayList<>();
  private int next;
  private DelayedCall timer;
  private Failure lastFailure;
  private boolean done;

  private HappyEyeballs(
      ReactorTime clock,
      double attemptDelay,
      List<InetAddress> addresses,
      Function<InetAddress, Deferred<Protocol>> attempt,
      Deferred<Protocol> result) {
    this.clock = clock;
    this.attemptDelay = attemptDelay;
    this.addresses = addresses;
    this.attempt = attempt;
    this.result = result;
  }

  /**
   * Starts racing over {@code addresses} (already in preference order), firing {@code result}
   * with the winner or failing it with the last error. Returns a handle to cancel the race.
   */
  public static HappyEyeballs start(
      ReactorTime clock,
      double attemptDelay,
      List<InetAddress> addresses,
      Function<InetAddress, Deferred<Protocol>> attempt,
      Deferred<Protocol> result) {
    HappyEyeballs race = new HappyEyeballs(clock, attemptDelay, addresses, attempt, result);
    race.startNext();
    return race;
  }

  /**
   * RFC 8305 section 4: alternate address families, starting with the family of the resolver's
   * first answer, keeping the resolver's order within each family.
   */
  public static List<InetAddress> interleave(List<InetAddress> resolved) {
    if (resolved.isEmpty()) {
      return resolved;
    }
    boolean firstIsV6 = resolved.get(0) instanceof Inet6Address;
    List<InetAddress> first = new ArrayList<>();
    List<InetAddress> second = new ArrayList<>();
    for (InetAddress a : resolved) {
      ((a instanceof Inet6Address) == firstIsV6 ? first : second).add(a);
    }
    List<InetAddress> out = new ArrayList<>(resolved.size());
    for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
      if (i < first.size()) {
        out.add(first.get(i));
      }
      if (i < second.size()) {
        out.add(second.get(i));
      }
    }
    return out;
  }

  private void startNext() {
    cancelTimer();
    if (done) {
      return;
    }
    if (next >= addresses.size()) {
      if (pending.isEmpty()) {
        done = true;
        result.errback(lastFailure);
      }
      return;
    }
    InetAddress address = addresses.get(next++);
    Deferred<Protocol> d;
    try {
      d = attempt.apply(address);
    } catch (RuntimeException e) {
      d = Deferred.fail(e);
    }
    pending.add(d);
    if (next < addresses.size()) {
      timer = clock.callLater(attemptDelay, this::startNext);
    }
    Deferred<Protocol> mine = d;
    d.addCallbacks(
        protocol -> {
          pending.remove(mine);
          won(protocol);
          return null;
        },
        failure -> {
          pending.remove(mine);
          if (!done) {
            lastFailure = failure;
            // RFC 8305 section 5: a failed attempt starts the next one at once.
            startNext();
          }
          return null;
        });
  }

  private void won(Protocol protocol) {
    if (done) {
      // Connected after the race was decided (or cancelled): nobody will use it.
      if (protocol.getTransport() != null) {
        protocol.getTransport().loseConnection();
      }
      return;
    }
    done = true;
    cancelTimer();
    cancelPending();
    result.callback(protocol);
  }

  /** Stops the race: no more attempts, and those in progress are cancelled. */
  public void cancel() {
    done = true;
    cancelTimer();
    cancelPending();
  }

  private void cancelPending() {
    for (Deferred<Protocol> d : new ArrayList<>(pending)) {
      d.cancel();
    }
    pending.clear();
  }

  private void cancelTimer() {
    if (timer != null) {
      if (timer.active()) {
        timer.cancel();
      }
      timer = null;
    }
  }
}
