package dev.torsion.web.internal;

import dev.torsion.web.Headers;

/**
 * The parsed start line and header section of one HTTP/1.x message, with what the parser learned
 * about framing and persistence. A request has a method and target; a response a status and
 * reason.
 *
 * @param method the method token (a shared constant for common methods), or null for a response
 * @param target the request-target as sent, or null for a response
 * @param status the response status code, or 0 for a request
 * @param reason the response reason phrase, or null for a request
 * @param minorVersion 0 for HTTP/1.0, 1 for HTTP/1.1
 * @param headers the fields, still as byte ranges
 * @param contentLength the body length, or -1 when there is no Content-Length
 * @param chunked true when the body is chunked
 * @param connectionClose a Connection: close token was present
 * @param connectionKeepAlive a Connection: keep-alive token was present
 * @param expectContinue an Expect: 100-continue was present
 */
public record MessageHead(
    String method,
    String target,
    int status,
    String reason,
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

  /** True when the connection may carry another message after this one (RFC 9112 9.3). */
  public boolean persistent() {
    return minorVersion >= 1 ? !connectionClose : connectionKeepAlive && !connectionClose;
  }

  public String version() {
    return minorVersion >= 1 ? "HTTP/1.1" : "HTTP/1.0";
  }
}
