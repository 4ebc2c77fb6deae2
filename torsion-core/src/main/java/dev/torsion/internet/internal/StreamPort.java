package dev.torsion.internet.internal;

import dev.torsion.internet.Address;
import dev.torsion.internet.CannotListenError;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.Log;
import dev.torsion.internet.UNIXAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening TCP or Unix stream socket on an {@link EventLoop}. Each accepted channel goes to
 * the port's dispatcher: by default a connection on the same loop; for a {@link
 * dev.torsion.internet.ReactorGroup}, a hand-off to a worker loop.
 */
public final class StreamPort implements ListeningPort, Selectable {
  private static final Logger LOG = LoggerFactory.getLogger("dev.torsion");
  /** Accepts per readiness event, so a connection storm cannot starve established connections. */
  private static final int MAX_ACCEPTS = 64;
  /** After accept() fails (out of descriptors, say), wait this long instead of spinning. */
  private static final double ACCEPT_RETRY_SECONDS = 0.1;

  private final EventLoop loop;
  private final ServerSocketChannel channel;
  private final Factory factory; // started and stopped with the port; null if the caller does it
  private final Address host;
  private final Path unixPath;
  private final Path lockFile;
  private Consumer<SocketChannel> dispatch;
  private Runnable onClose;
  private SelectionKey key;
  private boolean closed;

  private StreamPort(
      EventLoop loop, ServerSocketChannel channel, Factory factory, Address host, Path unixPath,
      Path lockFile) {
    this.loop = loop;
    this.channel = channel;
    this.factory = factory;
    this.host = host;
    this.unixPath = unixPath;
    this.lockFile = lockFile;
    boolean unix = unixPath != null;
    this.dispatch = factory == null ? null : ch -> StreamConnection.accepted(loop, ch, factory, unix);
  }

  /** Binds a TCP port; errors are thrown as {@link CannotListenError} naming the address. */
  public static ServerSocketChannel bindTCP(int port, int backlog, String iface) {
    return bindTCP(port, backlog, iface, false);
  }

  /**
   * As above; with {@code reusePort}, SO_REUSEPORT is set before binding, so that several
   * processes (each setting it too) share the port and the kernel spreads connections among
   * them. Where the platform lacks it, a CannotListenError says so.
   */
  public static ServerSocketChannel bindTCP(int port, int backlog, String iface, boolean reusePort) {
    String where = Addresses.text(iface, port);
    InetAddress ip;
    try {
      ip = Addresses.literal(iface);
    } catch (RuntimeException e) {
      throw SocketErrors.cannotListen(where, e);
    }
    ServerSocketChannel ch = null;
    try {
      ch = ServerSocketChannel.open();
      ch.setOption(StandardSocketOptions.SO_REUSEADDR, true); // restart despite TIME_WAIT, as Twisted
      if (reusePort) {
        if (!ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
          throw new CannotListenError(
              where + ": reusePort is not supported on this platform (no SO_REUSEPORT)");
        }
        ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
      }
      ch.bind(new InetSocketAddress(ip, port), backlog);
      ch.configureBlocking(false);
      return ch;
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        StreamConnection.closeQuietly(ch);
      }
      throw e instanceof CannotListenError ? (CannotListenError) e : SocketErrors.cannotListen(where, e);
    }
  }

  public static StreamPort listenTCP(EventLoop loop, int port, Factory factory, int backlog, String iface) {
    ServerSocketChannel ch = bindTCP(port, backlog, iface);
    Address host;
    try {
      host = Addresses.of(ch.getLocalAddress(), "TCP");
    } catch (IOException e) {
      StreamConnection.closeQuietly(ch);
      throw SocketErrors.cannotListen(Addresses.text(iface, port), e);
    }
    StreamPort p = new StreamPort(loop, ch, factory, host, null, null);
    p.start();
    return p;
  }

  /**
   * Listens with a channel someone else bound (with SO_REUSEPORT, or inherited from systemd);
   * the port owns it from now on. A Unix socket's file is left alone when the port closes: who
   * made it removes it.
   */
  public static StreamPort adopt(EventLoop loop, ServerSocketChannel ch, Factory factory) {
    Address host;
    boolean unix;
    try {
      java.net.SocketAddress local = ch.getLocalAddress();
      if (local == null) {
        throw new IOException("the socket is not bound");
      }
      unix = local instanceof UnixDomainSocketAddress;
      host = Addresses.of(local, "TCP");
      ch.configureBlocking(false);
    } catch (IOException | RuntimeException e) {
      StreamConnection.closeQuietly(ch);
      throw SocketErrors.cannotListen("adopted socket", e);
    }
    StreamPort p = new StreamPort(loop, ch, factory, host, null, null);
    if (unix) {
      p.dispatch = accepted -> StreamConnection.accepted(loop, accepted, factory, true);
    }
    p.start();
    return p;
  }

  /**
   * A port whose accepted channels go to {@code dispatch} instead of this loop; {@code onClose}
   * runs once when it closes (to stop the factories the dispatcher uses).
   */
  public static StreamPort adoptTCP(
      EventLoop loop, ServerSocketChannel ch, Consumer<SocketChannel> dispatch, Runnable onClose) {
    Address host;
    try {
      host = Addresses.of(ch.getLocalAddress(), "TCP");
    } catch (IOException e) {
      StreamConnection.closeQuietly(ch);
      throw SocketErrors.cannotListen("TCP port", e);
    }
    StreamPort p = new StreamPort(loop, ch, null, host, null, null);
    try {
      ch.configureBlocking(false);
    } catch (IOException e) {
      StreamConnection.closeQuietly(ch);
      throw SocketErrors.cannotListen("TCP port", e);
    }
    p.dispatch = dispatch;
    p.onClose = onClose;
    p.start();
    return p;
  }

  public static StreamPort listenUNIX(
      EventLoop loop, String path, Factory factory, int backlog, int mode, boolean wantPID) {
    StreamPort port = bindUNIX(loop, path, factory, backlog, mode, wantPID);
    port.start();
    return port;
  }

  /** As {@link #adoptTCP}, for a Unix socket at {@code path}: accepted channels go to {@code dispatch}. */
  public static StreamPort listenUNIX(
      EventLoop loop, String path, Consumer<SocketChannel> dispatch, Runnable onClose, int backlog,
      int mode, boolean wantPID) {
    StreamPort port = bindUNIX(loop, path, null, backlog, mode, wantPID);
    port.dispatch = dispatch;
    port.onClose = onClose;
    port.start();
    return port;
  }

  private static StreamPort bindUNIX(
      EventLoop loop, String path, Factory factory, int backlog, int mode, boolean wantPID) {
    Path p = Path.of(path);
    Path lock = wantPID ? UnixSockets.takeLock(p) : null;
    ServerSocketChannel ch = null;
    try {
      UnixSockets.clearStale(p);
      ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      ch.bind(UnixDomainSocketAddress.of(p), backlog);
      ch.configureBlocking(false);
      UnixSockets.chmod(p, mode);
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        StreamConnection.closeQuietly(ch);
      }
      if (lock != null) {
        UnixSockets.deleteQuietly(lock);
      }
      throw e instanceof CannotListenError ? (CannotListenError) e : SocketErrors.cannotListen(path, e);
    }
    return new StreamPort(loop, ch, factory, new UNIXAddress(path), p, lock);
  }

  private void start() {
    try {
      key = loop.register(channel, SelectionKey.OP_ACCEPT, this);
    } catch (IOException | RuntimeException e) {
      closeChannel();
      throw SocketErrors.cannotListen(Addresses.text(host), e);
    }
    if (factory != null) {
      factory.doStart();
    }
    LOG.info("{} starting on {}", factory == null ? "acceptor" : factory.logPrefix(), Addresses.text(host));
  }

  @Override
  public void onReady(int readyOps) {
    for (int i = 0; i < MAX_ACCEPTS && !closed; i++) {
      SocketChannel ch;
      try {
        ch = channel.accept();
      } catch (IOException e) {
        Log.err(e, "accept() failed on " + describe() + "; pausing accepts for "
            + ACCEPT_RETRY_SECONDS + "s");
        key.interestOps(0);
        loop.callLater(ACCEPT_RETRY_SECONDS, () -> {
          if (!closed && key.isValid()) {
            key.interestOps(SelectionKey.OP_ACCEPT);
          }
        });
        return;
      }
      if (ch == null) {
        return;
      }
      dispatch.accept(ch);
    }
  }

  @Override
  public Address getHost() {
    return host;
  }

  /**
   * Stops accepting: first takes every connection already waiting in the kernel's accept queue,
   * then closes the socket. Closing a listening socket resets the connections queued in it
   * (Linux, and most others): they completed their handshake with us, so with {@code reusePort}
   * the other processes sharing the port never see them, and their clients get a reset instead of
   * an answer. Accepted here, they are served like any other connection (a graceful stop asks
   * them to close when idle). What arrives in the microseconds between the last accept and the
   * close is still reset, unless the kernel migrates it (Linux 5.14's
   * {@code net.ipv4.tcp_migrate_req=1} moves such requests to another SO_REUSEPORT listener).
   */
  @Override
  public Deferred<Void> stopListening() {
    if (closed) {
      return Deferred.succeed(null);
    }
    acceptQueued();
    close();
    return loop.afterNextSelect();
  }

  /** Accepts what is queued, up to one full backlog (a flood must not keep us here). */
  private void acceptQueued() {
    for (int i = 0; i < Backlog.DEFAULT; i++) {
      SocketChannel ch;
      try {
        ch = channel.accept();
      } catch (IOException e) {
        return; // out of descriptors, say: what is left is reset, as before
      }
      if (ch == null) {
        return;
      }
      dispatch.accept(ch);
    }
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeChannel();
    if (factory != null) {
      try {
        factory.doStop();
      } catch (Throwable t) {
        Log.err(t, "Unhandled error in " + factory.getClass().getName() + ".stopFactory");
      }
    }
    if (onClose != null) {
      try {
        onClose.run();
      } catch (Throwable t) {
        Log.err(t, "Unhandled error stopping the factories of " + describe());
      }
    }
    LOG.info("({} Closed)", describe());
  }

  private void closeChannel() {
    if (key != null) {
      key.cancel();
    }
    StreamConnection.closeQuietly(channel);
    if (unixPath != null) {
      UnixSockets.deleteQuietly(unixPath);
    }
    if (lockFile != null) {
      UnixSockets.deleteQuietly(lockFile);
    }
  }

  @Override
  public void shutdown(Failure reason) {
    close();
  }

  @Override
  public boolean isPort() {
    return true;
  }

  @Override
  public String describe() {
    return (unixPath != null ? "UNIX Port " : "TCP Port ") + Addresses.text(host)
        + (factory != null ? " (" + factory.logPrefix() + ")" : "");
  }

  @Override
  public String toString() {
    return "<" + describe() + ">";
  }
}
