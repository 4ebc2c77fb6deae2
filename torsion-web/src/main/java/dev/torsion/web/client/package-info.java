/**
 * The HTTP client: Twisted's {@code twisted.web.client}. An {@link dev.torsion.web.client.Agent}
 * sends a request and gives a Deferred {@link dev.torsion.web.client.Response}; {@link
 * dev.torsion.web.client.HttpAgent} talks HTTP/1.1 over a persistent {@link
 * dev.torsion.web.client.HttpConnectionPool}, and {@link dev.torsion.web.client.RedirectAgent},
 * {@link dev.torsion.web.client.ContentDecoderAgent} and {@link
 * dev.torsion.web.client.CookieAgent} wrap any agent. {@link dev.torsion.web.client.HttpProxy}
 * sends an HttpAgent's requests through an HTTP proxy (absolute form for http, CONNECT for https).
 */
package dev.torsion.web.client;
