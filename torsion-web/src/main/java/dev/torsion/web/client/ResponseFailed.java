package dev.torsion.web.client;

/**
 * A response could not be read: the connection broke, the server sent something malformed, or a
 * limit was passed. Twisted's {@code ResponseFailed}.
 *
 * <pre>{@code
 * d.addErrback(f -> { f.trap(ResponseFailed.class); return retry(); });
 * }</pre>
 */
public class ResponseFailed extends RuntimeException {
  public ResponseFailed(String message) {
    super(message);
  }

  public ResponseFailed(String message, Throwable cause) {
    super(message, cause);
  }
}
