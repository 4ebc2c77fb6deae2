package dev.torsion.web.client;

import dev.torsion.internet.ClientFactory;
import dev.torsion.internet.Connector;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.ssl.TLS;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.web.internal.Authority;
import dev.torsion.web.internal.ConnectTunnel;
import dev.torsion.web.internal.Http1ClientConnection;
import dev.torsion.web.internal.Http1Parser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Keeps idle HTTP/1.1 connections for reuse, per scheme, host and port: Twisted's {@code
 * HTTPConnectionPool}. At most {@link #setMaxPersistentPerHost} idle connections are kept for each
 * (2 by default), each closed after {@link #setCachedConnectionTimeout} seconds unused (240).
 *
 * <p>A connection is back in the pool before the body of its last response is reported complete
 * (before {@link Response#readBody}'s Deferred fires), so code that closes the pool when its work
 * is done leaves nothing behind: {@link #closeCachedConnections} then closes that connection too
 * and fires once it has really closed.
 *
 * <pre>{@code
 * HttpConnectionPool pool = new HttpConnectionPool(reactor);
 * pool.setMaxPersistentPerHost(8);
 * Agent agent = new HttpAgent(reactor, pool);
 * ...
 * pool.closeCachedConnections();   // at shutdown
 * }</pre>
 */
public final class HttpConnectionPool {
  /**
   * Where a connection goes: the origin, or for plain http through a proxy, the proxy itself
   * (host "*": one proxy connection carries requests for any origin).
   */
  record Key(String scheme, String host, int port, HttpProxy proxy) {
    Key(String scheme, String host, int port) {
      this(scheme, host, port, null);
    }
  }

  private final Reactor reactor;
  private final Map<Key, Deque<Http1ClientConnection>> idle = new HashMap<>();
  private final Map<Http1ClientConnection, DelayedCall> idleTimers = new IdentityHashMap<>();
  /** Every connection made and not yet closed, idle or in use. */
  private final Set<Http1ClientConnection> open = Collections.newSetFromMap(new IdentityHashMap<>());
  private boolean persistent = true;
  private int maxPersistentPerHost = 2;
  private double cachedConnectionTimeout = 240;
  private Function<String, TLSOptions> tlsOptions = host -> TLSOptions.forClient(host).build();

  public HttpConnectionPool(Reactor reactor) {
    this.reactor = reactor;
  }

  /** False to close every connection after its response (Twisted's {@code persistent}). */
  public void setPersistent(boolean persistent) {
    this.persistent = persistent;
  }

  public void setMaxPersistentPerHost(int max) {
    this.maxPersistentPerHost = max;
  }

  public void setCachedConnectionTimeout(double seconds) {
    this.cachedConnectionTimeout = seconds;
  }

  /** How https connections are verified: the TLS options for a host name (verification on by default). */
  public void setTlsOptions(Function<String, TLSOptions> options) {
    this.tlsOptions = options;
  }

  Deferred<Http1ClientConnection> getConnection(Key key, double connectTimeout,
      Http1Parser.Limits limits) {
    Deque<Http1ClientConnection> cached = idle.get(key);
    while (cached != null && !cached.isEmpty()) {
      Http1ClientConnection c = cached.pollLast();
      DelayedCall timer = idleTimers.remove(c);
      if (timer != null && timer.active()) {
        timer.cancel();
      }
      if (c.isUsable()) {
        return Deferred.succeed(c);
      }
    }
    Connector[] connector = new Connector[1];
    boolean[] cancelled = {false};
    // Cancelled while connecting: give up the attempt; the CancelledError is the caller's answer.
    Deferred<Http1ClientConnection> d = new Deferred<>(self -> {
      cancelled[0] = true;
      if (connector[0] != null) {
        connector[0].stopConnecting();
      }
    });
    ClientFactory factory = new ClientFactory() {
      @Override
      public dev.torsion.internet.Protocol buildProtocol(dev.torsion.internet.Address addr) {
        Http1ClientConnection c = new Http1ClientConnection(reactor, limits, d);
        c.setPoolCallbacks(conn -> release(key, conn), this::closedConnection);
        open.add(c);
        return c;
      }

      private void closedConnection(Http1ClientConnection c) {
        open.remove(c);
        forget(key, c);
      }

      @Override
      public void clientConnectionFailed(Connector connector, Failure reason) {
        if (!d.called() && !cancelled[0]) {
          d.errback(reason.value());
        }
      }
    };
    HttpProxy proxy = key.proxy();
    boolean https = key.scheme().equals("https");
    if (proxy == null) {
      ClientFactory f = https
          ? TLS.wrapClientFactory(factory, tlsOptions.apply(key.host()), reactor) : factory;
      connector[0] = reactor.connectTCP(key.host(), key.port(), f, connectTimeout, null);
    } else if (!https) {
      connector[0] = reactor.connectTCP(proxy.host(), proxy.port(), factory, connectTimeout, null);
    } else {
      // https through a proxy: CONNECT, then TLS with the origin's name inside the tunnel.
      TLSOptions options = tlsOptions.apply(key.host());
      String authority = Authority.bracketed(key.host()) + ":" + key.port();
      ClientFactory tunnel = new ClientFactory() {
        @Override
        public dev.torsion.internet.Protocol buildProtocol(dev.torsion.internet.Address addr) {
          dev.torsion.internet.Protocol http = factory.buildProtocol(addr);
          return new ConnectTunnel(authority, proxy.authorization(),
              TLS.wrap(http, options, reactor), d);
        }

        @Override
        public void clientConnectionFailed(Connector connector, Failure reason) {
          factory.clientConnectionFailed(connector, reason);
        }
      };
      connector[0] = reactor.connectTCP(proxy.host(), proxy.port(), tunnel, connectTimeout, null);
    }
    return d;
  }

  private void release(Key key, Http1ClientConnection c) {
    Deque<Http1ClientConnection> cached = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
    if (!persistent || cached.size() >= maxPersistentPerHost) {
      c.close();
      return;
    }
    cached.addLast(c);
    idleTimers.put(c, reactor.callLater(cachedConnectionTimeout, () -> {
      idleTimers.remove(c);
      forget(key, c);
      c.close();
    }));
  }

  private void forget(Key key, Http1ClientConnection c) {
    Deque<Http1ClientConnection> cached = idle.get(key);
    if (cached != null) {
      cached.remove(c);
      if (cached.isEmpty()) {
        idle.remove(key);
      }
    }
    DelayedCall timer = idleTimers.remove(c);
    if (timer != null && timer.active()) {
      timer.cancel();
    }
  }

  /** The number of idle connections kept for reuse. */
  public int idleConnections() {
    return idle.values().stream().mapToInt(Deque::size).sum();
  }

  /**
   * Closes every idle connection; the Deferred fires once each has closed ({@code
   * connectionLost}), and also waits for connections already on their way out (closed after
   * their response because they could not be kept). Connections carrying a request are left to
   * finish, as in Twisted; the pool stays usable.
   */
  public Deferred<Void> closeCachedConnections() {
    List<Http1ClientConnection> all = new ArrayList<>();
    idle.values().forEach(all::addAll);
    idle.clear();
    for (DelayedCall t : idleTimers.values()) {
      if (t.active()) {
        t.cancel();
      }
    }
    idleTimers.clear();
    for (Http1ClientConnection c : all) {
      c.close();
    }
    List<Deferred<Void>> closed = new ArrayList<>();
    for (Http1ClientConnection c : new ArrayList<>(open)) {
      if (all.contains(c) || c.isClosing()) {
        closed.add(c.whenClosed());
      }
    }
    if (closed.isEmpty()) {
      return Deferred.succeed(null);
    }
    return Deferred.gatherResults(closed).addCallback(done -> null);
  }

}
