package dev.torsion.ftp.internal;

import dev.torsion.internet.Address;
import dev.torsion.internet.ClientFactory;
import dev.torsion.internet.Connector;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.IPv6Address;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.TimeoutError;
import dev.torsion.internet.ssl.TLS;
import dev.torsion.internet.ssl.TLSOptions;
import java.util.function.Supplier;

/**
 * The server side of one control connection's data connections: a passive port waiting for the
 * client (PASV, EPSV) or an address to connect to (PORT, EPRT), and the connection made from it.
 *
 * <p>A passive port accepts one connection, and only from the control connection's peer
 * address: anyone else who races to it (data-connection theft, RFC 2577 section 5) is closed at
 * once and the port keeps waiting. The port stops listening as soon as the right connection
 * arrives, so it counts against the server's bound on passive ports only while it waits.
 */
public final class DataChannel {
  private final Reactor reactor;
  private final PassivePorts pool;
  private final String peerHost;
  private final Supplier<TLSOptions> protection;
  private ListeningPort listening;
  private Deferred<DataConnection> accepted;
  private DataConnection connection;
  private HostPort active;

  /** {@code protection} gives the TLS options while PROT P is in force, else null. */
  public DataChannel(Reactor reactor, PassivePorts pool, String peerHost, Supplier<TLSOptions> protection) {
    this.reactor = reactor;
    this.pool = pool;
    this.peerHost = peerHost;
    this.protection = protection;
  }

  /** The host part of an address, as a numeric literal; "" for other kinds of address. */
  public static String host(Address a) {
    if (a instanceof IPv4Address v4) {
      return v4.host();
    }
    if (a instanceof IPv6Address v6) {
      return v6.host();
    }
    return "";
  }

  public static int port(Address a) {
    if (a instanceof IPv4Address v4) {
      return v4.port();
    }
    if (a instanceof IPv6Address v6) {
      return v6.port();
    }
    return 0;
  }

  /** True once PASV, EPSV, PORT or EPRT has said where the next data connection comes from. */
  public boolean isReady() {
    return listening != null || accepted != null || active != null;
  }

  /**
   * Listens on {@code iface} for the next data connection; returns the port to announce. The
   * port closes after {@code timeout} seconds if nobody came, so an unused PASV does not hold
   * one of the server's passive ports until the session ends.
   */
  public int openPassive(String iface, double timeout) {
    close();
    Deferred<DataConnection> d = new Deferred<>();
    Factory factory = new Factory() {
      @Override
      public Protocol buildProtocol(Address addr) {
        if (!host(addr).equals(peerHost) || d.called() || connection != null) {
          return null; // RFC 2577 5: only the control connection's peer may connect
        }
        DataConnection c = new DataConnection();
        connection = c;
        stopListening();
        c.made().chainDeferred(d);
        TLSOptions tls = protection.get();
        return tls == null ? c : TLS.wrap(c, tls, reactor);
      }
    };
    ListeningPort p = pool.acquire(reactor, factory, iface);
    listening = p;
    accepted = d;
    DelayedCall expiry = reactor.callLater(timeout, () -> {
      if (listening == p && accepted == d) {
        stopListening(); // the offer lapses: the next transfer command gets 425
        accepted = null;
      }
    });
    d.addBoth(r -> {
      if (expiry.active()) {
        expiry.cancel();
      }
      return r;
    });
    return port(p.getHost());
  }

  /** Connects to {@code target} at the next transfer command (active mode). */
  public void setActive(HostPort target) {
    close();
    active = target;
  }

  /**
   * The data connection for a transfer: the one the client made or makes to the passive port,
   * or a new one to the active address. Fails with TimeoutError after {@code timeout} seconds.
   */
  public Deferred<DataConnection> connection(double timeout) {
    Deferred<DataConnection> d;
    if (active != null) {
      d = new Deferred<>();
      HostPort target = active;
      active = null;
      DataConnection c = new DataConnection();
      connection = c;
      TLSOptions tls = protection.get();
      Protocol p = tls == null ? c : TLS.wrap(c, tls, reactor);
      Deferred<DataConnection> result = d;
      Connector connector = reactor.connectTCP(target.host(), target.port(), new ClientFactory(() -> p) {
        @Override
        public void clientConnectionFailed(Connector connector, Failure reason) {
          if (!result.called()) {
            result.errback(reason.value());
          }
        }
      }, timeout, null);
      c.made().addCallbacks(conn -> {
        if (!result.called()) {
          result.callback(conn);
        }
        return null;
      }, f -> {
        if (!result.called()) {
          result.errback(f.value());
        }
        return null;
      });
      return d;
    }
    if (accepted == null) {
      return Deferred.fail(new IllegalStateException("no PORT or PASV"));
    }
    d = accepted;
    accepted = null;
    if (d.called()) {
      return d;
    }
    Deferred<DataConnection> result = new Deferred<>();
    ListeningPort waitingOn = listening;
    DelayedCall timer = reactor.callLater(timeout, () -> {
      if (!result.called()) {
        if (listening == waitingOn) {
          stopListening(); // only the port this transfer waited on: a later PASV has its own
        }
        result.errback(new TimeoutError("no data connection within " + timeout + " seconds"));
      }
    });
    d.addCallbacks(conn -> {
      timer.cancel();
      if (!result.called()) {
        result.callback(conn);
      }
      return null;
    }, f -> {
      timer.cancel();
      if (!result.called()) {
        result.errback(f.value());
      }
      return null;
    });
    return result;
  }

  /** The current data connection, if one is up. */
  public DataConnection current() {
    return connection;
  }

  /** Stops listening and drops the data connection, if any. */
  public void close() {
    stopListening();
    accepted = null;
    active = null;
    DataConnection c = connection;
    connection = null;
    if (c != null && c.transport() != null) {
      c.transport().abortConnection();
    }
  }

  /** Forgets the finished connection without touching it (it closed by itself). */
  public void finished(DataConnection c) {
    if (connection == c) {
      connection = null;
    }
  }

  private void stopListening() {
    ListeningPort p = listening;
    listening = null;
    if (p != null) {
      p.stopListening();
      pool.release();
    }
  }
}
