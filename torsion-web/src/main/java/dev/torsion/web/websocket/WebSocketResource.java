package dev.torsion.web.websocket;

import dev.torsion.web.Headers;
import dev.torsion.web.Http;
import dev.torsion.web.internal.HeaderTokens;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import dev.torsion.web.websocket.internal.Handshake;
import dev.torsion.web.websocket.internal.PerMessageDeflate;
import dev.torsion.web.websocket.internal.WebSocketConnection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A resource that turns a request into a WebSocket (RFC 6455 4.2): Autobahn's {@code
 * WebSocketResource}. Each accepted handshake gets a new {@link WebSocketProtocol} from the
 * factory, which sees the request (path, headers, cookies, session) that opened it.
 *
 * <pre>{@code
 * Resource root = new Resource();
 * root.putChild("echo", new WebSocketResource(request -> new Echo()));
 * reactor.listenTCP(8080, new Site(root));
 * }</pre>
 *
 * <p>The handshake is checked before anything is switched: a GET over HTTP/1.1 (405 or 400
 * otherwise), Upgrade and Connection naming websocket and Upgrade (426 with {@code Upgrade:
 * websocket} for a plain request, so a browser visiting the URL learns why), a well-formed
 * Sec-WebSocket-Key (400), version 13 (426 with {@code Sec-WebSocket-Version: 13}, 4.4), an
 * Origin among {@link WebSocketOptions#allowedOrigins()} when that is not empty (403). Then the
 * subprotocol and permessage-deflate are agreed, the response is 101, and the connection
 * belongs to the WebSocket.
 *
 * <p>Over HTTP/2 the handshake is an extended CONNECT with {@code :protocol websocket} (RFC 8441):
 * the same version, Origin, subprotocol and extension checks, no Sec-WebSocket-Key, and a 200
 * that makes that one stream the WebSocket's connection, beside the connection's other streams.
 * A GET over HTTP/2 is answered 426.
 */
public class WebSocketResource extends Resource {
  private final Function<Request, ? extends WebSocketProtocol> factory;
  private final WebSocketOptions options;

  public WebSocketResource(Function<Request, ? extends WebSocketProtocol> factory) {
    this(factory, WebSocketOptions.defaults());
  }

  public WebSocketResource(Function<Request, ? extends WebSocketProtocol> factory,
      WebSocketOptions options) {
    this.factory = factory;
    this.options = options;
  }

  @Override
  public boolean isLeaf() {
    return true;
  }

  /**
   * An HTTP/2 extended CONNECT with {@code :protocol websocket} (RFC 8441 5) is this resource's
   * handshake there; every other request is dispatched by method as usual.
   */
  @Override
  public byte[] render(Request request) {
    if ("CONNECT".equals(request.getMethod())
        && "websocket".equals(request.getConnectProtocol())) {
      return renderExtendedConnect(request);
    }
    return super.render(request);
  }

  @Override
  protected byte[] renderGet(Request request) {
    Headers h = request.getRequestHeaders();
    if (!HeaderTokens.has(h, "Upgrade", "websocket")
        || !HeaderTokens.has(h, "Connection", "upgrade")
        || !"HTTP/1.1".equals(request.getClientProto())) {
      request.setResponseCode(426);
      request.setHeader("Upgrade", "websocket");
      request.setHeader("Connection", "Upgrade");
      return refuse(request, "this is a WebSocket endpoint: connect with Upgrade: websocket over "
          + "HTTP/1.1, or with an extended CONNECT (:protocol websocket) over HTTP/2");
    }
    List<String> keys = h.getAll("Sec-WebSocket-Key");
    if (keys.size() != 1 || !Handshake.isValidKey(keys.get(0).trim())) {
      request.setResponseCode(Http.BAD_REQUEST);
      return refuse(request, "Sec-WebSocket-Key must be one base64-encoded 16-byte value");
    }
    byte[] refused = checkVersionAndOrigin(request, h);
    return refused != null ? refused : accept(request, h, keys.get(0).trim());
  }

  /**
   * RFC 8441 5: the same handshake without Sec-WebSocket-Key and Sec-WebSocket-Accept (the
   * {@code :protocol} pseudo-header does their job), answered 200; the stream is the connection.
   */
  private byte[] renderExtendedConnect(Request request) {
    Headers h = request.getRequestHeaders();
    byte[] refused = checkVersionAndOrigin(request, h);
    return refused != null ? refused : accept(request, h, null);
  }

  /** The refusal body for a version other than 13 (426) or an origin not allowed (403). */
  private byte[] checkVersionAndOrigin(Request request, Headers h) {
    List<String> versions = HeaderTokens.elements(h, "Sec-WebSocket-Version");
    if (versions.size() != 1 || !versions.get(0).equals("13")) {
      request.setResponseCode(426);
      request.setHeader("Sec-WebSocket-Version", "13");
      return refuse(request, "only WebSocket version 13 is supported");
    }
    String origin = h.getFirst("Origin");
    if (origin != null && !options.allowedOrigins().isEmpty()
        && !options.allowedOrigins().contains(origin.trim().toLowerCase(Locale.ROOT))
        && !options.allowedOrigins().contains(origin.trim())) {
      request.setResponseCode(Http.FORBIDDEN);
      return refuse(request, "origin not allowed: " + origin);
    }
    return null;
  }

  /**
   * Agrees the subprotocol and permessage-deflate, asks the factory, and switches: 101 with the
   * accept value of {@code key} over HTTP/1.1, 200 over HTTP/2 ({@code key} null).
   */
  private byte[] accept(Request request, Headers h, String key) {
    String subprotocol = chooseSubprotocol(HeaderTokens.elements(h, "Sec-WebSocket-Protocol"));
    PerMessageDeflate deflate = options.perMessageDeflate()
        ? PerMessageDeflate.accept(HeaderTokens.elements(h, "Sec-WebSocket-Extensions"),
            options.requireClientNoContextTakeover())
        : null;
    WebSocketProtocol handler = factory.apply(request);
    if (handler == null) {
      if (deflate != null) {
        deflate.end();
      }
      request.setResponseCode(Http.FORBIDDEN);
      return refuse(request, "connection refused by the application");
    }
    if (key != null) {
      request.setHeader("Upgrade", "websocket");
      request.setHeader("Sec-WebSocket-Accept", Handshake.accept(key));
    }
    if (subprotocol != null) {
      request.setHeader("Sec-WebSocket-Protocol", subprotocol);
    }
    String extensions = deflate == null ? null : deflate.response();
    if (extensions != null) {
      request.setHeader("Sec-WebSocket-Extensions", extensions);
    }
    request.switchProtocols(new WebSocketConnection(handler, options, false, deflate, subprotocol,
        extensions, request.getSite().getReactorTime()));
    return Site.NOT_DONE_YET;
  }

  /** The server's most preferred subprotocol the client also offered, or null (4.2.2 item 5). */
  private String chooseSubprotocol(List<String> offered) {
    for (String mine : options.subprotocols()) {
      if (offered.contains(mine)) {
        return mine;
      }
    }
    return null;
  }

  private static byte[] refuse(Request request, String why) {
    request.setHeader("Content-Type", "text/plain; charset=utf-8");
    return (why + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
