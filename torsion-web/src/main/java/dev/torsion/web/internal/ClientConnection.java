package dev.torsion.web.internal;

import dev.torsion.internet.Deferred;
import dev.torsion.web.Headers;
import dev.torsion.web.client.BodyProducer;
import dev.torsion.web.client.Response;

/**
 * One connection of the HTTP client's pool, whatever it speaks: an HTTP/1.1 connection carries
 * one request at a time, an HTTP/2 connection many at once.
 */
public interface ClientConnection {
  /**
   * Sends a request. {@code headers} are complete (Host included) and validated; {@code target}
   * is the request-target (origin form, or absolute form to a proxy).
   */
  Deferred<Response> request(String method, String target, Headers headers, BodyProducer body,
      double readTimeout);

  /** True when it can take another request now. */
  boolean isUsable();

  /** True once asked to close (by either side) but not closed yet. */
  boolean isClosing();

  /** Fires (with null) once closed: at once if it already has. */
  Deferred<Void> whenClosed();

  /** Closes it cleanly; requests in flight on an HTTP/2 connection finish first. */
  void close();
}
