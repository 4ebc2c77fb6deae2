package dev.torsion.web.websocket.internal;

import dev.torsion.internet.ConnectionLost;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.TimeoutError;
import dev.torsion.internet.ssl.TLSError;
import dev.torsion.web.Headers;
import dev.torsion.web.internal.Ascii;
import dev.torsion.web.internal.HeaderTokens;
import dev.torsion.web.internal.Http1Parser;
import dev.torsion.web.internal.HttpParseException;
import dev.torsion.web.internal.MessageHead;
import dev.torsion.web.websocket.WebSocketHandshakeError;
import dev.torsion.web.websocket.WebSocketOptions;
import dev.torsion.web.websocket.WebSocketProtocol;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The client's side of the opening handshake (RFC 6455 4.1), then a pass-through to the {@link
 * WebSocketConnection} it hands the transport to. It sends the upgrade request, reads the
 * response head with {@link Http1Parser} (bounded by {@link
 * WebSocketOptions#maxHandshakeResponseBytes()}), checks it, and opens the WebSocket with every
 * byte that followed the head.
 *
 * <pre>
 *   connected ──GET + Upgrade──▶ reading head ──101, checks pass──▶ open: bytes ⇄ connection
 *                                    ├── other status, failed check, bad HTTP: WebSocketHandshakeError
 *                                    ├── handshake timeout: TimeoutError
 *                                    └── EOF: ConnectionLost            (each: TCP aborted)
 * </pre>
 */
public final class ClientHandshake extends Protocol implements Http1Parser.Listener {
  private final WebSocketProtocol handler;
  private final WebSocketOptions options;
  private final ReactorTime time;
  private final byte[] request;
  private final String key;
  private final String url;
  private final Deferred<? super WebSocketProtocol> ready;
  private final Http1Parser parser;

  private MessageHead head;
  private WebSocketConnection connection; // once open
  private boolean failed;
  private DelayedCall timer;

  /**
   * A handshake asking for {@code target} of {@code host} (the Host header's value), with
   * {@code extraHeaders} (checked by the caller not to be handshake fields) added; {@code ready}
   * fires with {@code handler} once it is open ({@code onOpen} has run), or fails.
   */
  public ClientHandshake(WebSocketProtocol handler, WebSocketOptions options, ReactorTime time,
      String url, String host, String target, Headers extraHeaders,
      Deferred<? super WebSocketProtocol> ready) {
    this.handler = handler;
    this.options = options;
    this.time = time;
    this.url = url;
    this.ready = ready;
    this.key = Handshake.newKey();
    this.request = request(host, target, key, options, extraHeaders);
    this.parser = Http1Parser.forResponses(
        new Http1Parser.Limits(8192, options.maxHandshakeResponseBytes(), 100, Long.MAX_VALUE),
        this);
  }

  /** The header fields the handshake itself owns; an application may not set them. */
  public static boolean isHandshakeField(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.equals("host") || n.equals("upgrade") || n.equals("connection")
        || n.startsWith("sec-websocket-") || n.equals("content-length")
        || n.equals("transfer-encoding");
  }

  // 4.1: the client's opening handshake.
  private static byte[] request(String host, String target, String key, WebSocketOptions options,
      Headers extra) {
    StringBuilder b = new StringBuilder(256);
    b.append("GET ").append(target).append(" HTTP/1.1\r\nHost: ").append(host)
        .append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ")
        .append(key).append("\r\nSec-WebSocket-Version: 13\r\n");
    if (options.origin() != null) {
      b.append("Origin: ").append(options.origin()).append("\r\n");
    }
    if (!options.subprotocols().isEmpty()) {
      b.append("Sec-WebSocket-Protocol: ").append(String.join(", ", options.subprotocols()))
          .append("\r\n");
    }
    if (options.perMessageDeflate()) {
      b.append("Sec-WebSocket-Extensions: ").append(PerMessageDeflate.clientOffer()).append("\r\n");
    }
    extra.forEach((name, value) -> b.append(name).append(": ").append(value).append("\r\n"));
    return b.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void connectionMade() {
    timer = time.callLater(options.handshakeTimeout(), () -> {
      timer = null;
      fail(new TimeoutError("no WebSocket handshake response from " + url + " in "
          + options.handshakeTimeout() + " s"));
    });
    transport.write(request);
  }

  @Override
  public void dataReceived(byte[] data) {
    if (connection != null) {
      connection.dataReceived(data);
      return;
    }
    if (failed) {
      return;
    }
    int used;
    try {
      used = parser.feed(data, 0, data.length);
    } catch (HttpParseException e) {
      fail(new WebSocketHandshakeError(0, url + ": not an HTTP/1.1 handshake response: "
          + e.getMessage()));
      return;
    }
    if (head == null) {
      return;
    }
    String problem = check(head);
    if (problem != null) {
      fail(new WebSocketHandshakeError(head.status(), url + ": " + problem));
      return;
    }
    PerMessageDeflate deflate;
    List<String> extensions = HeaderTokens.elements(head.headers(), "Sec-WebSocket-Extensions");
    try {
      // 4.1 item 5 of the server's response: only extensions we offered.
      deflate = options.perMessageDeflate() ? PerMessageDeflate.fromResponse(extensions) : null;
      if (!options.perMessageDeflate() && !extensions.isEmpty()) {
        throw new IllegalArgumentException("server chose extensions we did not offer: "
            + String.join(", ", extensions));
      }
    } catch (IllegalArgumentException e) {
      fail(new WebSocketHandshakeError(101, url + ": " + e.getMessage()));
      return;
    }
    cancelTimer();
    String subprotocol = head.headers().getFirst("Sec-WebSocket-Protocol");
    connection = new WebSocketConnection(handler, options, true, deflate,
        subprotocol == null ? null : subprotocol.trim(),
        deflate == null ? null : String.join(", ", extensions), time);
    connection.makeConnection(transport);
    if (!ready.called()) {
      ready.callback(handler);
    }
    if (used < data.length && connection.isConnected()) {
      // The server may send frames right behind its 101.
      connection.dataReceived(Arrays.copyOfRange(data, used, data.length));
    }
  }

  /** What is wrong with the server's answer (4.1, the client's checks 1-6), or null. */
  private String check(MessageHead h) {
    if (h.status() != 101) {
      return "the server answered " + h.status() + " " + Ascii.printable(h.reason())
          + " instead of 101 Switching Protocols";
    }
    Headers f = h.headers();
    if (!HeaderTokens.has(f, "Upgrade", "websocket")) {
      return "101 without Upgrade: websocket";
    }
    if (!HeaderTokens.has(f, "Connection", "upgrade")) {
      return "101 without Connection: Upgrade";
    }
    List<String> accept = f.getAll("Sec-WebSocket-Accept");
    if (accept.size() != 1 || !accept.get(0).trim().equals(Handshake.accept(key))) {
      return "Sec-WebSocket-Accept does not match our key (a server or proxy that did not read "
          + "the handshake)";
    }
    List<String> protocols = HeaderTokens.elements(f, "Sec-WebSocket-Protocol");
    if (protocols.size() > 1 || (protocols.size() == 1
        && !options.subprotocols().contains(protocols.get(0)))) {
      return "the server chose a subprotocol we did not offer: " + Ascii.printable(
          String.join(", ", protocols));
    }
    return null;
  }

  @Override
  public void headReceived(MessageHead head) {
    this.head = head;
  }

  @Override
  public void bodyReceived(byte[] data, int offset, int length) {
    // the body of a refusal: the attempt fails on its head
  }

  @Override
  public void messageComplete() {}

  private void fail(RuntimeException error) {
    failed = true;
    cancelTimer();
    if (!ready.called()) {
      ready.errback(error);
    }
    transport.abortConnection();
  }

  /** Gives the attempt up (its Deferred was cancelled). */
  public void abort() {
    if (connection == null && !failed) {
      failed = true;
      cancelTimer();
      transport.abortConnection();
    }
  }

  private void cancelTimer() {
    if (timer != null && timer.active()) {
      timer.cancel();
    }
    timer = null;
  }

  @Override
  public void connectionLost(Failure reason) {
    cancelTimer();
    if (connection != null) {
      connection.transportClosed(reason);
    } else if (!ready.called()) {
      // A TLS failure (an untrusted certificate...) says more than "connection lost": keep it.
      Throwable cause = reason.value();
      ready.errback(cause instanceof TLSError ? cause : new ConnectionLost(url + ": the "
          + "connection closed during the WebSocket handshake", cause));
    }
  }
}
