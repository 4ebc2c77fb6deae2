package dev.torsion.web.client;

import dev.torsion.internet.Deferred;
import dev.torsion.web.Headers;

/**
 * Something that sends HTTP requests: Twisted's {@code IAgent}. {@link HttpAgent} does the work;
 * {@link RedirectAgent}, {@link ContentDecoderAgent} and {@link CookieAgent} wrap any Agent.
 *
 * <pre>{@code
 * Agent agent = new ContentDecoderAgent(new RedirectAgent(new HttpAgent(reactor)));
 * agent.request("GET", "https://example.com/", null, null)
 *     .addCallback(Response::readBody)
 *     .addCallback(body -> new String(body, UTF_8));
 * }</pre>
 */
public interface Agent {
  /**
   * Sends a request. The Deferred fires with the response once its head has arrived (read the
   * body with {@link Response#deliverBody} or {@link Response#readBody}), or fails: with
   * IllegalArgumentException for a method, URI or header holding CR, LF, NUL or other invalid
   * characters (nothing is sent), ConnectError and friends, TimeoutError, or {@link
   * ResponseFailed}.
   *
   * @param headers extra request headers, or null
   * @param body the request body, or null for none
   */
  Deferred<Response> request(String method, String uri, Headers headers, BodyProducer body);
}
