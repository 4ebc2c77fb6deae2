package dev.torsion.web.client;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.web.Headers;
import java.io.ByteArrayOutputStream;

/**
 * The response to a request, delivered once its head has arrived: Twisted's {@code IResponse}.
 * The body follows through {@link #deliverBody}, to a protocol whose {@code dataReceived} gets
 * the pieces and whose {@code connectionLost} gets {@link ResponseDone} at the end (or the
 * failure). Until then the connection is not read, so an unread body costs nothing.
 *
 * <pre>{@code
 * agent.request("GET", url, null, null).addCallback(response -> {
 *   System.out.println(response.code() + " " + response.phrase());
 *   return response.readBody();
 * });
 * }</pre>
 *
 * <p>Fields the server sends after the body (trailers: an HTTP/1.1 chunked trailer section, an
 * HTTP/2 HEADERS frame ending the stream) are kept apart from {@link #headers} and read with
 * {@link #trailers} once the whole body has been delivered, as OkHttp's {@code
 * Response.trailers()}:
 *
 * <pre>{@code
 * agent.request("POST", url, grpcHeaders, body).addDeferredCallback(response ->
 *     response.readBody().addCallback(bytes -> {
 *       String status = response.trailers().getFirst("grpc-status"); // null if not sent
 *       return bytes;
 *     }));
 * }</pre>
 */
public abstract class Response {
  private final int code;
  private final String phrase;
  private final String version;
  private final Headers headers;
  private final long length;

  protected Response(int code, String phrase, String version, Headers headers, long length) {
    this.code = code;
    this.phrase = phrase;
    this.version = version;
    this.headers = headers;
    this.length = length;
  }

  public int code() {
    return code;
  }

  public String phrase() {
    return phrase;
  }

  /** "HTTP/1.1" or "HTTP/1.0". */
  public String version() {
    return version;
  }

  public Headers headers() {
    return headers;
  }

  /** The body length from Content-Length, or -1 when unknown. */
  public long length() {
    return length;
  }

  /**
   * The trailer fields that followed the body, empty when there were none. Valid once the body
   * has been delivered whole: from the body protocol's {@code connectionLost} with {@link
   * ResponseDone} on, or from the callbacks of {@link #readBody}'s Deferred.
   *
   * <p>They never join {@link #headers} (RFC 9110 6.5): by the time they arrive the head has been
   * acted on. Fields that may not be trailers because they frame, route, authenticate or
   * otherwise steer the message (Content-Length, Transfer-Encoding, Host, Authorization,
   * Set-Cookie, Content-Type, Cache-Control and the like; RFC 9110 6.5.1) are dropped. The
   * trailer section is held to the same limits as the head ({@link
   * HttpAgent#setMaxResponseHeaderBytes}); past them the body fails with {@link ResponseFailed}.
   * Some servers send trailers only to a request saying {@code TE: trailers} (RFC 9110 10.1.4;
   * Torsion's own server over HTTP/1.1, gRPC servers); nginx's {@code add_trailer} needs none.
   *
   * <p>This base implementation has none; responses from {@link HttpAgent} and its wrappers
   * override it.
   *
   * @throws IllegalStateException before the body has been delivered to its end, or when it
   *     failed or was stopped
   */
  public Headers trailers() {
    return new Headers();
  }

  /** Sends the body to {@code protocol} (once per response). */
  public abstract void deliverBody(Protocol protocol);

  /** The whole body, at most 64 MiB (then ResponseFailed): Twisted's {@code readBody}. */
  public Deferred<byte[]> readBody() {
    return readBody(64L * 1024 * 1024);
  }

  /** The whole body, failing with {@link ResponseFailed} past {@code maxBytes}. */
  public Deferred<byte[]> readBody(long maxBytes) {
    Deferred<byte[]> d = new Deferred<>();
    deliverBody(new Protocol() {
      private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
      private boolean failed;

      @Override public void dataReceived(byte[] data) {
        if (failed) {
          return;
        }
        if (buf.size() + (long) data.length > maxBytes) {
          failed = true;
          transport.stopProducing();
          d.errback(new ResponseFailed("response body larger than " + maxBytes + " bytes"));
          return;
        }
        buf.write(data, 0, data.length);
      }

      @Override public void connectionLost(Failure reason) {
        if (failed) {
          return;
        }
        if (reason.check(ResponseDone.class) != null) {
          d.callback(buf.toByteArray());
        } else {
          d.errback(reason.value());
        }
      }
    });
    return d;
  }

  @Override
  public String toString() {
    return "Response[" + code + " " + phrase + "]";
  }
}
