package dev.torsion.web.internal;

import dev.torsion.web.Headers;

/**
 * The parsed request line and header section of one HTTP/1.x request, with what the parser
 * learned about framing and persistence.
 *
 * @param method the method token, one of the shared constants for common methods
 * @param target the request-target as sent
 * @param minorVersion 0 for HTTP/1.0, 1 for HTTP/1.1
 * @param headers the fields, still as byte ranges
 * @param contentLength the body length, or -1 when there is no Content-Length
 * @param chunked true when the body is chunked
 * @param connectionClose a Connection: close token was present
 * @param connectionKeepAlive a Connection: keep-alive token was present
 * @param expectContinue an Expect: 100-continue was present
 */
public record RequestHead(
    String method,
    String target,
    int minorVersion,
    Headers headers,
    long contentLength,
    boolean chunked,
    boolean connectionClose,
    boolean connectionKeepAlive,
    boolean expectContinue) {

  /** True when the message has a body to read. */
  public boolean hasBody() {
    return chunked || contentLength > 0;
  }

  /** True when the connection may carry another request after this one (RFC 9112 9.3). */
  public boolean persistent() {
    return minorVersion >= 1 ? !connectionClose : connectionKeepAlive && !connectionClose;
  }

  public String version() {
    return minorVersion >= 1 ? "HTTP/1.1" : "HTTP/1.0";
  }
}
