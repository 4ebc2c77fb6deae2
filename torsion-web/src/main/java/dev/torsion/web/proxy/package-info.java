/**
 * Forwarding requests to another HTTP server: Twisted's {@code twisted.web.proxy}. {@link
 * dev.torsion.web.proxy.ReverseProxyResource} mounts a backend under a path of a site and streams
 * requests and responses through with flow control; {@link
 * dev.torsion.web.proxy.HopByHopHeaders} is the list of fields a proxy must not forward.
 */
package dev.torsion.web.proxy;
