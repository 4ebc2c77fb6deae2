package dev.torsion.web.websocket;

import dev.torsion.internet.Address;
import dev.torsion.internet.ClientFactory;
import dev.torsion.internet.Connector;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.web.Headers;
import dev.torsion.web.client.HttpAgent;
import dev.torsion.web.internal.Authority;
import dev.torsion.web.internal.OriginConnector;
import dev.torsion.web.websocket.internal.ClientHandshake;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Opens WebSockets to {@code ws://} and {@code wss://} URLs: Autobahn's {@code connectWS} with
 * a {@code WebSocketClientFactory}. The protocol gets the same callbacks as on a server; the
 * Deferred fires with it once the handshake is done and {@code onOpen} has run.
 *
 * <pre>{@code
 * final class Hello extends WebSocketProtocol {
 *   @Override public void onOpen() { sendText("hello"); }
 *   @Override public void textMessageReceived(String m) { System.out.println(m); close(); }
 * }
 * WebSocketClient.connect(reactor, "wss://echo.example.com/echo", new Hello(),
 *     WebSocketOptions.defaults());
 * }</pre>
 *
 * <p>Connections go the way an {@link HttpAgent}'s do, so one made from an agent ({@link
 * #WebSocketClient(HttpAgent, WebSocketOptions)}) honours its settings: its connect timeout,
 * User-Agent, its pool's TLS options (wss verifies the server's certificate by default; ALPN
 * offers only {@code http/1.1}) and its proxy, through which both ws and wss go in a CONNECT
 * tunnel, as browsers send them. Limits are {@link WebSocketOptions}'s: the handshake timeout,
 * the size of the handshake response, frame and message sizes. A failed attempt fails the
 * Deferred (with {@link WebSocketHandshakeError} when the server refused or answered wrong) and
 * the protocol's callbacks are never called; cancelling the Deferred gives the attempt up.
 */
public final class WebSocketClient {
  private final HttpAgent agent;
  private final WebSocketOptions options;

  /** A client with an agent's defaults (verified TLS, no proxy). */
  public WebSocketClient(Reactor reactor, WebSocketOptions options) {
    this(new HttpAgent(reactor), options);
  }

  /** A client whose connections go the way {@code agent}'s do (read at each connect). */
  public WebSocketClient(HttpAgent agent, WebSocketOptions options) {
    this.agent = agent;
    this.options = options;
  }

  /** Connects {@code protocol} to {@code url} with a default agent's settings. */
  public static <P extends WebSocketProtocol> Deferred<P> connect(Reactor reactor, String url,
      P protocol, WebSocketOptions options) {
    return new WebSocketClient(reactor, options).connect(url, null, protocol);
  }

  /** Connects {@code protocol} (a new one for each connection) to {@code url}. */
  public <P extends WebSocketProtocol> Deferred<P> connect(String url, P protocol) {
    return connect(url, null, protocol);
  }

  /**
   * Connects with {@code headers} (such as Authorization or Cookie; null for none) added to the
   * handshake request. The handshake's own fields (Host, Upgrade, Connection, Sec-WebSocket-*)
   * come from the URL and the options and may not be among them.
   */
  public <P extends WebSocketProtocol> Deferred<P> connect(String url, Headers headers,
      P protocol) {
    URI u;
    Headers extra = headers == null ? new Headers() : headers.copy();
    try {
      u = parse(url);
      for (String name : extra.names()) {
        if (ClientHandshake.isHandshakeField(name)) {
          throw new IllegalArgumentException("the handshake sets " + name + " itself");
        }
      }
    } catch (IllegalArgumentException e) {
      return Deferred.fail(e);
    }
    if (!extra.contains("User-Agent") && agent.getUserAgent() != null) {
      extra.set("User-Agent", agent.getUserAgent());
    }
    boolean secure = u.getScheme().equalsIgnoreCase("wss");
    int defaultPort = secure ? 443 : 80;
    int port = u.getPort() < 0 ? defaultPort : u.getPort();
    String host = u.getHost();
    String connectHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    String bracketed = Authority.bracketed(connectHost);
    String hostHeader = port == defaultPort ? bracketed : bracketed + ":" + port;
    // 4.1: the resource name is the path (or "/") and the query; a fragment is refused below.
    String target = (u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath())
        + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());

    Connector[] connector = new Connector[1];
    ClientHandshake[] handshake = new ClientHandshake[1];
    Deferred<P> ready = new Deferred<>(self -> {
      if (handshake[0] != null && handshake[0].isConnected()) {
        handshake[0].abort();
      } else if (connector[0] != null) {
        connector[0].stopConnecting();
      }
    });
    Deferred<WebSocketProtocol> opened = new Deferred<>();
    opened.addCallbacks(p -> {
      if (!ready.called()) {
        ready.callback(protocol);
      }
      return null;
    }, f -> {
      if (!ready.called()) {
        ready.errback(f.value());
      }
      return null;
    });
    ClientFactory factory = new ClientFactory() {
      @Override
      public Protocol buildProtocol(Address addr) {
        handshake[0] = new ClientHandshake(protocol, options, agent.getReactor(), url,
            hostHeader, target, extra, opened);
        return handshake[0];
      }

      @Override
      public void clientConnectionFailed(Connector c, Failure reason) {
        if (!opened.called()) {
          opened.errback(reason.value());
        }
      }
    };
    TLSOptions tls = null;
    if (secure) {
      // http/1.1 only: a WebSocket over HTTP/2 (RFC 8441) is not what this client speaks.
      tls = agent.getPool().getTlsOptions().apply(connectHost)
          .withNegotiatedProtocols(List.of("http/1.1"));
    }
    connector[0] = OriginConnector.connect(agent.getReactor(), connectHost, port,
        agent.getProxy(), tls, factory, agent.getConnectTimeout(), opened);
    return ready;
  }

  private static URI parse(String url) {
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new IllegalArgumentException("invalid character in WebSocket URL at " + i);
      }
    }
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid WebSocket URL: " + e.getMessage());
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("ws") && !scheme.equals("wss")) {
      throw new IllegalArgumentException("not a ws:// or wss:// URL: " + url);
    }
    if (u.getHost() == null) {
      throw new IllegalArgumentException("no host in WebSocket URL: " + url);
    }
    // RFC 6455 3: fragment identifiers are meaningless in WebSocket URIs and must not be used.
    if (u.getRawFragment() != null) {
      throw new IllegalArgumentException("a WebSocket URL has no fragment: " + url);
    }
    return u;
  }
}
