package dev.torsion.web.client;

import dev.torsion.internet.ClientFactory;
import dev.torsion.internet.Connector;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.web.http2.internal.ClientProtocolSelector;
import dev.torsion.web.http2.internal.Http2ClientConnection;
import dev.torsion.web.internal.ClientConnection;
import dev.torsion.web.internal.Http1ClientConnection;
import dev.torsion.web.internal.Http1Parser;
import dev.torsion.web.internal.OriginConnector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Keeps connections for reuse, per scheme, host and port: Twisted's {@code HTTPConnectionPool}.
 * At most {@link #setMaxPersistentPerHost} idle HTTP/1.1 connections are kept for each (2 by
 * default), each closed after {@link #setCachedConnectionTimeout} seconds unused (240). An https
 * origin that negotiates h2 by ALPN gets one HTTP/2 connection carrying all its requests at once
 * (up to the server's SETTINGS_MAX_CONCURRENT_STREAMS, then another connection), closed after
 * the same time with no request in flight.
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
  /** HTTP/2 connections by origin, each carrying any number of requests at once. */
  private final Map<Key, List<Http2ClientConnection>> multiplexed = new HashMap<>();
  /** Requests waiting for an https connection in progress to say whether it speaks h2. */
  private final Map<Key, List<Runnable>> negotiating = new HashMap<>();
  /** Origins that answered ALPN without h2: no point waiting on their handshakes. */
  private final Set<Key> http1Only = new HashSet<>();
  private final Map<ClientConnection, DelayedCall> idleTimers = new IdentityHashMap<>();
  /** Every connection made and not yet closed, idle or in use. */
  private final Set<ClientConnection> open = Collections.newSetFromMap(new IdentityHashMap<>());
  private boolean persistent = true;
  private boolean http2 = true;
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

  /** The TLS options for a host name, as set with {@link #setTlsOptions} (wss uses them too). */
  public Function<String, TLSOptions> getTlsOptions() {
    return tlsOptions;
  }

  /**
   * False to speak HTTP/1.1 only. By default https connections offer {@code h2} and {@code
   * http/1.1} by ALPN (unless the TLS options name protocols of their own), and an origin that
   * picks h2 gets all its requests multiplexed over one connection.
   */
  public void setHttp2(boolean enabled) {
    this.http2 = enabled;
  }

  Deferred<ClientConnection> getConnection(Key key, double connectTimeout,
      Http1Parser.Limits limits) {
    List<Http2ClientConnection> shared = multiplexed.get(key);
    if (shared != null) {
      for (Http2ClientConnection c : shared) {
        if (c.isUsable()) {
          stopIdleTimer(c);
          return Deferred.succeed(c);
        }
      }
    }
    Deque<Http1ClientConnection> cached = idle.get(key);
    while (cached != null && !cached.isEmpty()) {
      Http1ClientConnection c = cached.pollLast();
      stopIdleTimer(c);
      if (c.isUsable()) {
        return Deferred.succeed(c);
      }
    }
    boolean mayBeH2 = http2 && key.scheme().equals("https") && !http1Only.contains(key);
    List<Runnable> waiting = negotiating.get(key);
    if (mayBeH2 && waiting != null) {
      // A handshake to this origin is under way: if it gives h2, share that connection.
      Deferred<ClientConnection> d = new Deferred<>();
      waiting.add(() -> {
        if (!d.called()) {
          getConnection(key, connectTimeout, limits).chainDeferred(d);
        }
      });
      return d;
    }
    if (mayBeH2) {
      negotiating.put(key, new ArrayList<>());
    }
    return connect(key, connectTimeout, limits, mayBeH2);
  }

  private Deferred<ClientConnection> connect(Key key, double connectTimeout,
      Http1Parser.Limits limits, boolean offerH2) {
    Connector[] connector = new Connector[1];
    boolean[] cancelled = {false};
    // Cancelled while connecting: give up the attempt; the CancelledError is the caller's answer.
    Deferred<ClientConnection> d = new Deferred<>(self -> {
      cancelled[0] = true;
      if (connector[0] != null) {
        connector[0].stopConnecting();
      }
    });
    ClientFactory factory = new ClientFactory() {
      @Override
      public dev.torsion.internet.Protocol buildProtocol(dev.torsion.internet.Address addr) {
        if (!offerH2) {
          return http1(d);
        }
        return new ClientProtocolSelector(() -> {
          Http2ClientConnection c = new Http2ClientConnection(reactor, key.scheme(), limits, d);
          c.setPoolCallbacks(this::idleHttp2, this::closedHttp2);
          open.add(c);
          multiplexed.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
          // The waiters look once it is connected (after this returns), so they find it usable.
          reactor.callLater(0, () -> negotiated(key, false));
          return c;
        }, () -> {
          http1Only.add(key);
          negotiated(key, false);
          return http1(d);
        }, reason -> {
          negotiated(key, true);
          if (!d.called() && !cancelled[0]) {
            d.errback(reason.value());
          }
        });
      }

      private Http1ClientConnection http1(Deferred<ClientConnection> ready) {
        Http1ClientConnection c = new Http1ClientConnection(reactor, limits, ready);
        c.setPoolCallbacks(conn -> release(key, conn), this::closedConnection);
        open.add(c);
        return c;
      }

      private void closedConnection(Http1ClientConnection c) {
        open.remove(c);
        forget(key, c);
      }

      private void idleHttp2(Http2ClientConnection c) {
        if (!persistent) {
          c.close();
          return;
        }
        stopIdleTimer(c);
        idleTimers.put(c, reactor.callLater(cachedConnectionTimeout, () -> {
          idleTimers.remove(c);
          c.close();
        }));
      }

      /** Going away (no new requests) or closed: either way no longer shared. */
      private void closedHttp2(Http2ClientConnection c) {
        List<Http2ClientConnection> list = multiplexed.get(key);
        if (list != null && list.remove(c) && list.isEmpty()) {
          multiplexed.remove(key);
        }
        if (c.isClosed()) {
          open.remove(c);
        }
        stopIdleTimer(c);
      }

      @Override
      public void clientConnectionFailed(Connector connector, Failure reason) {
        if (offerH2) {
          negotiated(key, true);
        }
        if (!d.called() && !cancelled[0]) {
          d.errback(reason.value());
        }
      }
    };
    HttpProxy proxy = key.proxy();
    boolean https = key.scheme().equals("https");
    TLSOptions options = null;
    if (https) {
      options = tlsOptions.apply(key.host());
      if (offerH2 && options.applicationProtocols().isEmpty()) {
        options = options.withNegotiatedProtocols(List.of("h2", "http/1.1"));
      }
    }
    if (proxy != null && !https) {
      connector[0] = reactor.connectTCP(proxy.host(), proxy.port(), factory, connectTimeout, null);
    } else {
      // Straight to the origin, or https through a proxy: CONNECT, then TLS inside the tunnel.
      connector[0] = OriginConnector.connect(reactor, key.host(), key.port(), proxy, options,
          factory, connectTimeout, d);
    }
    return d;
  }

  /**
   * The handshake to {@code key} has said what it speaks (or failed): the requests that waited
   * for it look again, now finding the h2 connection, or making connections of their own.
   */
  private void negotiated(Key key, boolean failed) {
    List<Runnable> waiting = negotiating.remove(key);
    if (waiting != null) {
      for (Runnable w : waiting) {
        w.run();
      }
    }
  }

  private void stopIdleTimer(ClientConnection c) {
    DelayedCall timer = idleTimers.remove(c);
    if (timer != null && timer.active()) {
      timer.cancel();
    }
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
    stopIdleTimer(c);
  }

  /** The number of connections open, idle or carrying requests. */
  public int openConnections() {
    return open.size();
  }

  /** The number of idle connections kept for reuse (HTTP/2 ones with no request in flight too). */
  public int idleConnections() {
    int h2 = 0;
    for (List<Http2ClientConnection> list : multiplexed.values()) {
      for (Http2ClientConnection c : list) {
        h2 += c.activeStreams() == 0 ? 1 : 0;
      }
    }
    return idle.values().stream().mapToInt(Deque::size).sum() + h2;
  }

  /**
   * Closes every idle connection; the Deferred fires once each has closed ({@code
   * connectionLost}), and also waits for connections already on their way out (closed after
   * their response because they could not be kept). Connections carrying a request are left to
   * finish, as in Twisted (an HTTP/2 one closes once its last request is done); the pool stays
   * usable.
   */
  public Deferred<Void> closeCachedConnections() {
    List<ClientConnection> all = new ArrayList<>();
    idle.values().forEach(all::addAll);
    idle.clear();
    for (List<Http2ClientConnection> list : multiplexed.values()) {
      for (Http2ClientConnection c : list) {
        if (c.activeStreams() == 0) {
          all.add(c);
        }
      }
    }
    for (DelayedCall t : idleTimers.values()) {
      if (t.active()) {
        t.cancel();
      }
    }
    idleTimers.clear();
    for (ClientConnection c : all) {
      c.close();
    }
    List<Deferred<Void>> closed = new ArrayList<>();
    for (ClientConnection c : new ArrayList<>(open)) {
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
