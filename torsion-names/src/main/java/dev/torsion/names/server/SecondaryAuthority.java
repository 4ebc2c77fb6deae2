package dev.torsion.names.server;

import dev.torsion.application.Service;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.ReactorTime;
import dev.torsion.names.Message;
import dev.torsion.names.Query;
import dev.torsion.names.RRHeader;
import dev.torsion.names.RRType;
import dev.torsion.names.Record;
import dev.torsion.names.client.DNSClient;
import dev.torsion.names.internal.Names;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A zone copied from a primary server by AXFR and kept fresh on the SOA's timers: Twisted's
 * {@code secondary.SecondaryAuthority}, run as a service.
 *
 * <pre>
 *            start
 *              |
 *              v        transfer fails: wait RETRY
 *   +----> TRANSFER ---------------------------------+
 *   |          | ok: serve the zone, wait REFRESH     |
 *   |          v                                      |
 *   |   SOA QUERY ---- serial not newer: wait REFRESH |
 *   |          |                                      |
 *   +----------+ serial newer (RFC 1982 arithmetic)   |
 *                                                     v
 *          no successful check for EXPIRE seconds: stop serving (SERVFAIL)
 * </pre>
 *
 * <p>The timers are the zone's own (RFC 1035 3.3.13), bounded below so that a zone with silly
 * values cannot make us hammer its primary; until the first transfer the retry interval is
 * {@link #INITIAL_RETRY} seconds.
 *
 * <pre>{@code
 * SecondaryAuthority s = new SecondaryAuthority(reactor, "example.com",
 *     new InetSocketAddress("192.0.2.1", 53));
 * s.setServiceParent(application);
 * new DNSServerFactory(reactor, List.of(s), null, ServerOptions.defaults());
 * }</pre>
 */
public final class SecondaryAuthority extends Service implements Authority {
  private static final Logger LOG = LoggerFactory.getLogger(SecondaryAuthority.class);
  /** Seconds between tries before the first transfer has given us the zone's own retry. */
  public static final double INITIAL_RETRY = 30;
  /** No timer shorter than this, whatever the SOA says. */
  static final double MIN_INTERVAL = 5;
  /** Seconds to wait for the primary's answers. */
  static final double TIMEOUT = 30;

  /** How the secondary talks to its primary; a seam for tests. */
  interface Primary {
    Deferred<List<RRHeader>> transfer(String zone);

    Deferred<Message> soa(String zone);
  }

  private final ReactorTime clock;
  private final String origin;
  private final Primary primary;
  private final String primaryName;
  private volatile Zone zone;
  private double lastGood = Double.NaN;
  private DelayedCall timer;
  private boolean busy;

  /** A secondary for {@code origin} that transfers from {@code primary}. */
  public SecondaryAuthority(Reactor reactor, String origin, InetSocketAddress primary) {
    this(reactor, origin, primary.toString(), new Primary() {
      private final DNSClient client = new DNSClient(reactor, List.of(primary), TIMEOUT / 3, 1);

      @Override
      public Deferred<List<RRHeader>> transfer(String zone) {
        return DNSClient.transferZone(reactor, primary, zone, TIMEOUT);
      }

      @Override
      public Deferred<Message> soa(String zone) {
        return client.query(new Query(zone, RRType.SOA));
      }
    });
  }

  SecondaryAuthority(ReactorTime clock, String origin, String primaryName, Primary primary) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.origin = Names.key(origin);
    this.primaryName = primaryName;
    this.primary = Objects.requireNonNull(primary, "primary");
  }

  @Override
  public String origin() {
    return origin;
  }

  /** The zone as last transferred, or null before the first transfer and after it expired. */
  @Override
  public Zone zone() {
    return zone;
  }

  @Override
  public Deferred<Void> startService() {
    super.startService();
    transfer();
    return null;
  }

  @Override
  public Deferred<Void> stopService() {
    super.stopService();
    if (timer != null && timer.active()) {
      timer.cancel();
    }
    timer = null;
    return null;
  }

  private Record.SOA soa() {
    Zone z = zone;
    return z == null ? null : (Record.SOA) z.soa().payload();
  }

  private void transfer() {
    if (busy || !isRunning()) {
      return;
    }
    busy = true;
    primary.transfer(origin).addCallbacks(records -> {
      busy = false;
      Zone fresh = Zone.of(records);
      if (!fresh.origin().equals(origin)) {
        throw new IllegalArgumentException("transfer gave zone " + fresh.origin());
      }
      zone = fresh;
      lastGood = clock.seconds();
      LOG.info("{}: transferred {} records from {}, serial {}", origin, records.size(),
          primaryName, soa().serial());
      schedule(soa().refresh(), this::check);
      return null;
    }, f -> {
      busy = false;
      LOG.warn("{}: transfer from {} failed: {}", origin, primaryName, f.getErrorMessage());
      failed();
      schedule(soa() == null ? INITIAL_RETRY : soa().retry(), this::transfer);
      return null;
    }).addErrback(f -> {
      // A zone that does not load (no SOA, records outside it): keep what we had, try later.
      LOG.warn("{}: transfer from {} unusable: {}", origin, primaryName, f.getErrorMessage());
      failed();
      schedule(soa() == null ? INITIAL_RETRY : soa().retry(), this::transfer);
      return null;
    });
  }

  /** RFC 1034 4.3.5: ask the primary's SOA; transfer only when its serial is newer. */
  private void check() {
    if (busy || !isRunning()) {
      return;
    }
    busy = true;
    primary.soa(origin).addCallbacks(m -> {
      busy = false;
      Long serial = null;
      for (RRHeader rr : m.getAnswers()) {
        if (rr.payload() instanceof Record.SOA s && Names.key(rr.name()).equals(origin)) {
          serial = s.serial();
        }
      }
      if (serial == null) {
        throw new IllegalStateException("no SOA in the primary's answer (rcode "
            + m.getRCode() + ")");
      }
      lastGood = clock.seconds();
      if (isNewer(serial, soa().serial())) {
        transfer();
      } else {
        schedule(soa().refresh(), this::check);
      }
      return null;
    }, f -> {
      throw new IllegalStateException(f.getErrorMessage());
    }).addErrback(f -> {
      busy = false;
      LOG.warn("{}: SOA check at {} failed: {}", origin, primaryName, f.getErrorMessage());
      failed();
      if (zone != null) {
        schedule(soa().retry(), this::check);
      } else {
        schedule(INITIAL_RETRY, this::transfer);
      }
      return null;
    });
  }

  /** RFC 1035 3.3.13 EXPIRE: a zone not confirmed for that long is no longer served. */
  private void failed() {
    Record.SOA s = soa();
    if (s != null && clock.seconds() - lastGood >= s.expire()) {
      LOG.warn("{}: expired after {} s without its primary; answering SERVFAIL", origin,
          s.expire());
      zone = null;
    }
  }

  private void schedule(double seconds, Runnable what) {
    if (!isRunning()) {
      return;
    }
    if (timer != null && timer.active()) {
      timer.cancel();
    }
    timer = clock.callLater(Math.max(MIN_INTERVAL, seconds), what);
  }

  /** RFC 1982 3.2: serial {@code a} is newer than {@code b} in 32-bit sequence arithmetic. */
  static boolean isNewer(long a, long b) {
    long diff = (a - b) & 0xFFFFFFFFL;
    return diff != 0 && diff < 0x80000000L;
  }

  /** The primary, as given. */
  public String primary() {
    return primaryName;
  }

  @Override
  public String toString() {
    return "SecondaryAuthority[" + origin + " from " + primaryName + "]";
  }
}
