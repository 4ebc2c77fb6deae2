package dev.torsion.internet.internal;

import dev.torsion.internet.Address;
import dev.torsion.internet.ClientFactory;
import dev.torsion.internet.ConnectError;
import dev.torsion.internet.ConnectTimeoutError;
import dev.torsion.internet.Connector;
import dev.torsion.internet.DNSLookupError;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Failure;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.IPv6Address;
import dev.torsion.internet.Log;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.UNIXAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * An outgoing TCP or Unix connection, from attempt to close: Twisted's {@code BaseConnector}.
 *
 * <pre>
 *   DISCONNECTED --connect()--> CONNECTING --finishConnect--> CONNECTED
 *        ^                          |  (refused, timeout,           |
 *        |                          |   DNS, stopConnecting)        |
 *        +-- clientConnectionFailed-+        clientConnectionLost --+
 * </pre>
 *
 * The factory is started on the first attempt and stopped when the connector goes back to
 * DISCONNECTED without the callbacks having started a new attempt (so reconnecting from
 * {@code clientConnectionLost} does not stop and restart the factory).
 */
public final class StreamConnector implements Connector, Selectable {
  private static final int DISCONNECTED = 0;
  private static final int CONNECTING = 1;
  private static final int CONNECTED = 2;

  private final EventLoop loop;
  private final ClientFactory factory;
  private final String host; // or the socket path for Unix
  private final int port;
  private final boolean unix;
  private final double timeout;
  private final Address bindAddress;
  private final boolean checkPID;
  private int state = DISCONNECTED;
  private int attempt;
  private boolean factoryStarted;
  private SocketChannel channel;
  private SelectionKey key;
  private DelayedCall timeoutCall;
  private StreamConnection connection;
  private Address peer;

  private StreamConnector(
      EventLoop loop, ClientFactory factory, String host, int port, boolean unix, double timeout,
      Address bindAddress, boolean checkPID) {
    this.loop = loop;
    this.factory = factory;
    this.host = host;
    this.port = port;
    this.unix = unix;
    this.timeout = timeout;
    this.bindAddress = bindAddress;
    this.checkPID = checkPID;
  }

  public static StreamConnector tcp(
      EventLoop loop, String host, int port, ClientFactory factory, double timeout, Address bind) {
    StreamConnector c = new StreamConnector(loop, factory, host, port, false, timeout, bind, false);
    c.connect();
    return c;
  }

  public static StreamConnector unix(
      EventLoop loop, String path, ClientFactory factory, double timeout, boolean checkPID) {
    StreamConnector c = new StreamConnector(loop, factory, path, 0, true, timeout, null, checkPID);
    c.connect();
    return c;
  }

  @Override
  public void connect() {
    if (state != DISCONNECTED) {
      throw new IllegalStateException("can't connect in this state: " + stateName());
    }
    state = CONNECTING;
    int me = ++attempt;
    if (!factoryStarted) {
      factory.doStart();
      factoryStarted = true;
    }
    loop.track(this);
    if (timeout > 0) {
      timeoutCall = loop.callLater(timeout, () -> failed(me, new ConnectTimeoutError(
          "connecting to " + where() + " timed out after " + timeout + " seconds")));
    }
    // The attempt starts on the loop's next step, so even an instant failure reaches the factory
    // after connectTCP has returned, as in Twisted.
    loop.runSoon(() -> begin(me));
    try {
      factory.startedConnecting(this);
    } catch (Throwable t) {
      Log.err(t, "Unhandled error in " + factory.getClass().getName() + ".startedConnecting");
    }
  }

  private void begin(int me) {
    if (me != attempt || state != CONNECTING) {
      return;
    }
    if (unix) {
      if (checkPID && !UnixSockets.lockIsLive(Path.of(host))) {
        failed(me, new ConnectError(host + ": no live process holds " + UnixSockets.lockFile(Path.of(host))));
        return;
      }
      open(me, UnixDomainSocketAddress.of(host));
      return;
    }
    loop.reactor().getResolver().resolve(host).addCallbacks(
        (List<InetAddress> addrs) -> {
          if (addrs.isEmpty()) {
            failed(me, new DNSLookupError(host + ": no addresses"));
          } else {
            open(me, new InetSocketAddress(addrs.get(0), port));
          }
          return null;
        },
        f -> {
          Throwable e = f.value();
          failed(me, e instanceof ConnectError ? e : new DNSLookupError(host + ": " + f.getErrorMessage(), e));
          return null;
        });
  }

  private void open(int me, SocketAddress target) {
    if (me != attempt || state != CONNECTING) {
      return;
    }
    try {
      channel = unix ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
      channel.configureBlocking(false);
      if (!unix) {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (bindAddress != null) {
          channel.bind(Addresses.toSocketAddress(bindAddress));
        }
      }
      boolean done = channel.connect(target);
      loop.untrack(this);
      key = loop.register(channel, done ? 0 : SelectionKey.OP_CONNECT, this);
      peer = unix ? new UNIXAddress(host) : Addresses.of(target, "TCP");
      if (done) {
        established();
      }
    } catch (IOException e) {
      failed(me, SocketErrors.connectFailed(where(), e));
    } catch (RuntimeException e) {
      failed(me, new ConnectError(where() + ": " + e.getMessage(), e));
    }
  }

  @Override
  public void onReady(int readyOps) {
    if ((readyOps & SelectionKey.OP_CONNECT) == 0 || state != CONNECTING) {
      return;
    }
    try {
      if (channel.finishConnect()) {
        established();
      }
    } catch (IOException e) {
      failed(attempt, SocketErrors.connectFailed(where(), e));
    }
  }

  private void established() {
    cancelTimeout();
    Protocol p;
    try {
      p = factory.buildProtocol(peer);
    } catch (Throwable t) {
      Log.err(t, "Unhandled error in " + factory.getClass().getName() + ".buildProtocol");
      failed(attempt, new ConnectError(where() + ": buildProtocol raised " + t, t));
      return;
    }
    if (p == null) {
      failed(attempt, new ConnectError(where() + ": the factory refused the connection"));
      return;
    }
    state = CONNECTED;
    SocketChannel ch = channel;
    channel = null;
    connection = StreamConnection.connected(loop, ch, key, p, this, peer, unix);
    key = null;
    connection.start();
  }

  private void failed(int me, Throwable reason) {
    if (me != attempt || state != CONNECTING) {
      return;
    }
    cancelTimeout();
    loop.untrack(this);
    if (key != null) {
      key.cancel();
      key = null;
    }
    if (channel != null) {
      StreamConnection.closeQuietly(channel);
      channel = null;
    }
    state = DISCONNECTED;
    try {
      factory.clientConnectionFailed(this, Failure.of(reason));
    } catch (Throwable t) {
      Log.err(t, "Unhandled error in " + factory.getClass().getName() + ".clientConnectionFailed");
    }
    stopFactoryIfIdle();
  }

  /** Called by the connection once it has closed. */
  void connectionLost(Failure reason) {
    state = DISCONNECTED;
    connection = null;
    try {
      factory.clientConnectionLost(this, reason);
    } catch (Throwable t) {
      Log.err(t, "Unhandled error in " + factory.getClass().getName() + ".clientConnectionLost");
    }
    stopFactoryIfIdle();
  }

  private void stopFactoryIfIdle() {
    if (state == DISCONNECTED && factoryStarted) {
      factoryStarted = false;
      factory.doStop();
    }
  }

  private void cancelTimeout() {
    if (timeoutCall != null && timeoutCall.active()) {
      timeoutCall.cancel();
    }
    timeoutCall = null;
  }

  @Override
  public void stopConnecting() {
    if (state != CONNECTING) {
      throw new IllegalStateException("not connecting: " + stateName());
    }
    failed(attempt, new ConnectError("connecting to " + where() + " was stopped by stopConnecting()"));
  }

  @Override
  public void disconnect() {
    if (state == CONNECTING) {
      stopConnecting();
    } else if (state == CONNECTED) {
      connection.loseConnection();
    }
  }

  @Override
  public Address getDestination() {
    if (unix) {
      return new UNIXAddress(host);
    }
    return host.indexOf(':') >= 0 ? new IPv6Address("TCP", host, port) : new IPv4Address("TCP", host, port);
  }

  @Override
  public void shutdown(Failure reason) {
    if (state == CONNECTING) {
      failed(attempt, new ConnectError("connecting to " + where() + " was stopped: " + reason.getErrorMessage()));
    }
  }

  @Override
  public boolean isPort() {
    return false;
  }

  @Override
  public String describe() {
    return (unix ? "UNIX" : "TCP") + " connector to " + where() + " (" + stateName() + ")";
  }

  private String where() {
    return unix ? host : Addresses.text(host, port);
  }

  private String stateName() {
    return state == DISCONNECTED ? "disconnected" : state == CONNECTING ? "connecting" : "connected";
  }

  @Override
  public String toString() {
    return "<" + describe() + ">";
  }
}
