/**
 * Torsion's web: what the HTTP server and client share, such as {@link dev.torsion.web.Headers},
 * the status codes in {@link dev.torsion.web.Http} and {@link dev.torsion.web.Html} escaping.
 * The server (Twisted's {@code twisted.web.server} and {@code resource}) is in {@code
 * dev.torsion.web.server}; Klein-style routing in {@code dev.torsion.web.routing}; the reverse
 * proxy ({@code twisted.web.proxy}) in {@code dev.torsion.web.proxy}; virtual hosts ({@code
 * twisted.web.vhost}) in {@code dev.torsion.web.vhost}; the client ({@code twisted.web.client}) in
 * {@code dev.torsion.web.client}.
 */
package dev.torsion.web;
