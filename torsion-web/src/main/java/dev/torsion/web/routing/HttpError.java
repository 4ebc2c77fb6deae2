package dev.torsion.web.routing;

/**
 * Thrown by a handler (or failing its Deferred) to answer with a status code and a message,
 * written as JSON {@code {"status": 404, "error": "no such user"}}. Other exceptions become 500.
 *
 * <pre>{@code
 * User user = store.find(id);
 * if (user == null) {
 *   throw new HttpError(404, "no user " + id);
 * }
 * }</pre>
 */
public final class HttpError extends RuntimeException {
  private final int status;

  public HttpError(int status, String message) {
    super(message);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("HttpError status must be 4xx or 5xx, not " + status);
    }
    this.status = status;
  }

  public int status() {
    return status;
  }
}
