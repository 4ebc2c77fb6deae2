package dev.torsion.protocols.socks;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.endpoints.ClientEndpoint;
import dev.torsion.protocols.socks.internal.SocksClientHandshake;

/**
 * Connects through a SOCKS4a proxy: the destination host name goes to the proxy, which
 * resolves it (Twisted's SOCKSv4 server, and most SOCKS servers, accept it).
 *
 * <pre>{@code
 * ClientEndpoint proxy = new TCP4ClientEndpoint(reactor, "127.0.0.1", 1080);
 * new SOCKS4ClientEndpoint("example.com", 80, proxy).connect(factory);
 * }</pre>
 *
 * The Deferred fires with the caller's protocol once the proxy has granted the connection, or
 * fails with {@link SOCKSError} (the proxy's refusal, with its code) or the proxy connection's
 * own error. Cancelling it gives up, closing the proxy connection.
 */
public final class SOCKS4ClientEndpoint implements ClientEndpoint {
  private final String host;
  private final int port;
  private final ClientEndpoint proxy;
  private final String username;
  private final String password;

  public SOCKS4ClientEndpoint(String host, int port, ClientEndpoint proxy) {
    this(host, port, proxy, null, null);
  }

  /** With {@code username} (and for SOCKS5 {@code password}), null for none. */
  public SOCKS4ClientEndpoint(
      String host, int port, ClientEndpoint proxy, String username, String password) {
    // Checked here so that a bad destination fails at construction, not at connect.
    new SocksClientHandshake(4, host, port, username, password, null, null);
    this.host = host;
    this.port = port;
    this.proxy = proxy;
    this.username = username;
    this.password = password;
  }

  @Override
  public Deferred<Protocol> connect(Factory factory) {
    return SocksClientHandshake.connectThrough(proxy, 4, host, port, username, password, factory);
  }

  @Override
  public String toString() {
    return "SOCKS4ClientEndpoint(" + host + ":" + port + " via " + proxy + ")";
  }
}
